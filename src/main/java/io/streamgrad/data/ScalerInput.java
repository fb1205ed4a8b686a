package io.streamgrad.data;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.function.UnaryOperator;

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

    /**
     * Checks a flat row-major batch as {@link #check(String, double[][], int)} checks rows: {@code features}
     * at least 1, at least one row, {@code x.length} a multiple of {@code features}, {@code expectedFeatures}
     * features unless that is negative, finite values. Messages name a value by its row {@code index / features}
     * and column {@code index % features}, as the {@code double[][]} form would.
     *
     * @return the number of rows
     */
    static int check(String estimator, double[] x, int features, int expectedFeatures) {
        if (features < 1) {
            throw new IllegalArgumentException("features is " + features + ", but " + estimator + " needs at least "
                    + "1 feature per row: x holds the rows one after another, features values each.");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("Found array with 0 sample(s) while a minimum of 1 is required by "
                    + estimator + ".");
        }
        if (x.length % features != 0) {
            long fewer = x.length / features;
            throw new IllegalArgumentException("x has " + x.length + " values, which is not a multiple of features = "
                    + features + ": x holds the rows one after another, " + features + " values each, so "
                    + estimator + " expected " + (fewer == 0 ? "" : values(fewer, features) + " or ")
                    + values(fewer + 1, features) + ".");
        }
        if (expectedFeatures >= 0 && features != expectedFeatures) {
            throw new IllegalArgumentException("X has " + features + " features, but " + estimator
                    + " is expecting " + expectedFeatures + " features as input.");
        }
        for (int k = 0; k < x.length; k++) {
            if (!Double.isFinite(x[k])) {
                throw new IllegalArgumentException("x[" + k + "] is " + x[k] + " (row " + k / features + ", column "
                        + k % features + ", counted from 0, at " + features + " features per row), but " + estimator
                        + " needs finite values; drop or impute that row first.");
            }
        }
        return x.length / features;
    }

    /** How many values {@code rows} rows hold, for a message: "6 values (2 rows)". */
    private static String values(long rows, int features) {
        return rows * features + " values (" + rows + (rows == 1 ? " row)" : " rows)");
    }

    /** The rows of a checked {@code x}, {@code features} values each, one after another in a new array. */
    static double[] flatten(double[][] x, int features) {
        double[] flat = new double[Math.multiplyExact(x.length, features)];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * features, features);
        }
        return flat;
    }

    /**
     * The {@code double[][]} form of a flat computation: checks {@code x} against {@code features} as
     * {@link #check(String, double[][], int)} does, runs {@code flatOp} on its rows laid out row-major, and returns
     * the result as rows again.
     */
    static double[][] viaFlat(String estimator, double[][] x, int features, UnaryOperator<double[]> flatOp) {
        int width = check(estimator, x, features);
        return unflatten(flatOp.apply(flatten(x, width)), x.length, width);
    }

    /** The {@code rows} rows of {@code features} values each held in row-major {@code flat}, as new arrays. */
    static double[][] unflatten(double[] flat, int rows, int features) {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * features, (i + 1) * features);
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
        return unflatten(x.toDoubleArray(), x.size(0), x.size(1));
    }

    /** A new [n, f] tensor of {@code dtype} holding {@code rows}, rounded once from float64. */
    static Tensor tensor(double[][] rows, DType dtype) {
        int f = rows[0].length;
        return Tensor.fromData(flatten(rows, f), dtype, rows.length, f);
    }

    /** A scaled tensor keeps a floating input's dtype; integer and bool inputs scale to float64, as in NumPy. */
    static DType resultDType(Tensor x) {
        return x.dtype().isFloatingPoint() ? x.dtype() : DType.FLOAT64;
    }
}
