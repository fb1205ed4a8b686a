package io.streamgrad.data;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A table of numeric samples: named feature columns and one named target column, in row order. Immutable:
 * accessors return copies, and every tensor is new.
 *
 * <p>As tensors the features are {@code X [n, f]} and the target is {@code y [n, 1]}, the shapes a
 * {@code Linear(f, 1)} model trains on. The values are kept as float64, so {@code toTensors(FLOAT32)} rounds
 * each value once, as {@code torch.tensor(df.values, dtype=torch.float32)} does.
 */
public final class Dataset {
    private final List<String> featureNames;
    private final String targetName;
    /** Row-major [size, featureNames.size()]. */
    private final double[] features;
    private final double[] target;

    /** The features and target as tensors of one dtype: {@code x [n, f]}, {@code y [n, 1]}. */
    public record Tensors(Tensor x, Tensor y) {
    }

    /**
     * @param features row-major values, {@code target.length × featureNames.size()} of them
     */
    Dataset(List<String> featureNames, String targetName, double[] features, double[] target) {
        if (features.length != (long) target.length * featureNames.size()) {
            throw new IllegalArgumentException(target.length + " rows of " + featureNames.size() + " features need "
                    + (long) target.length * featureNames.size() + " values, but " + features.length + " were given");
        }
        this.featureNames = List.copyOf(featureNames);
        this.targetName = targetName;
        this.features = features;
        this.target = target;
    }

    /** The number of rows. */
    public int size() {
        return target.length;
    }

    /** The feature column names, in column order; unmodifiable. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The name of the target column. */
    public String targetName() {
        return targetName;
    }

    /** The feature rows, {@code [size()][featureNames().size()]}. */
    public double[][] features() {
        int f = featureNames.size();
        double[][] rows = new double[size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(features, i * f, (i + 1) * f);
        }
        return rows;
    }

    /** The target values, one per row. */
    public double[] target() {
        return target.clone();
    }

    /** The target as a one-feature matrix {@code [size()][1]}, the input a target scaler fits on. */
    public double[][] targetColumn() {
        double[][] rows = new double[size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {target[i]};
        }
        return rows;
    }

    /** {@code X [n, f]} and {@code y [n, 1]} as {@code dtype}. */
    public Tensors toTensors(DType dtype) {
        return new Tensors(Tensor.fromData(features, dtype, size(), featureNames.size()),
                Tensor.fromData(target, dtype, size(), 1));
    }
}
