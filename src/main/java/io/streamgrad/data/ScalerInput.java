package io.streamgrad.data;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.Arrays;

/**
 * Checks and converts what a {@link Scaler} is given. A batch is checked whole before a scaler uses any of
 * it, so a bad row leaves the scaler as it was: a stream can send that batch to its dead letters and go on.
 */
final class ScalerInput {
    private ScalerInput() {
    }

    /**
     * Checks that {@code x} has at least one row, rows of one length (at least 1), finite values, and
     * {@code expectedFeatures} columns unless that is negative (an unfitted scaler accepts any count).
     *
     * @return the number of features
     */
    static int check(String estimator, double[][] x, int expectedFeatures) {
        if (x.length == 0) {
            throw new IllegalArgumentException("Found array with 0 sample(s) while a minimum of 1 is required by "
                    + estimator + ".");
        }
        int features = x[0].length;
        if (features == 0) {
            throw new IllegalArgumentException("Found array with 0 feature(s) (shape=(" + x.length + ", 0)) while "
                    + "a minimum of 1 is required by " + estimator + ".");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != features) {
                throw new IllegalArgumentException("X is ragged: row " + i + " has " + x[i].length + " values, "
                        + "but row 0 has " + features + "; every row needs one value per feature.");
            }
        }
        if (expectedFeatures >= 0 && features != expectedFeatures) {
            throw new IllegalArgumentException("X has " + features + " features, but " + estimator
                    + " is expecting " + expectedFeatures + " features as input.");
        }
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < features; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("X[" + i + "][" + j + "] is " + x[i][j] + " (row " + i
                            + ", column " + j + ", counted from 0), but " + estimator + " needs finite values; "
                            + "drop or impute that row first.");
                }
            }
        }
        return features;
    }

    /** A scaler's per-feature arithmetic on one value of feature {@code j}. */
    @FunctionalInterface
    interface FeatureOp {
        double apply(double value, int j);
    }

    /** Checks {@code x} as {@link #check} does against {@code features}, then maps each value into a new array. */
    static double[][] map(String estimator, double[][] x, int features, FeatureOp op) {
        check(estimator, x, features);
        double[][] out = new double[x.length][features];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < features; j++) {
                out[i][j] = op.apply(x[i][j], j);
            }
        }
        return out;
    }

    /** The rows of a 2-D tensor [n_samples, n_features] as float64, whatever its dtype. */
    static double[][] rows(Tensor x) {
        if (x.dim() != 2) {
            throw new IllegalArgumentException("Expected a 2-D tensor [n_samples, n_features], got shape "
                    + x.shape() + ". Reshape your data with x.reshape(-1, 1) if it has a single feature or "
                    + "x.reshape(1, -1) if it contains a single sample.");
        }
        int n = x.size(0);
        int f = x.size(1);
        double[] flat = x.toDoubleArray();
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * f, (i + 1) * f);
        }
        return rows;
    }

    /** A new [n, f] tensor of {@code dtype} holding {@code rows}, rounded once from float64. */
    static Tensor tensor(double[][] rows, DType dtype) {
        int f = rows[0].length;
        double[] flat = new double[rows.length * f];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * f, f);
        }
        return Tensor.fromData(flat, dtype, rows.length, f);
    }

    /** A scaled tensor keeps a floating input's dtype; integer and bool inputs scale to float64, as in NumPy. */
    static DType resultDType(Tensor x) {
        return x.dtype().isFloatingPoint() ? x.dtype() : DType.FLOAT64;
    }
}
