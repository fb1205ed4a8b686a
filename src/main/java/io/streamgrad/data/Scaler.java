package io.streamgrad.data;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.Map;

/**
 * A per-feature affine transform learned from data, batch or online, with scikit-learn's semantics:
 * {@link MinMaxScaler} and {@link StandardScaler}.
 *
 * <p>Input is a matrix of rows {@code X[n_samples][n_features]}, as {@code double[][]}, as a 2-D tensor of
 * any dtype, or flat: one row-major {@code double[]} holding the rows one after another, {@code X[i][j]} at
 * {@code x[i * features + j]}, with its feature count. The flat form is the streaming hot path: it computes the
 * same bits as the others without an array per row. All arithmetic is float64, as in scikit-learn; a tensor
 * result is computed in float64 and rounded once to the input's dtype (float64 for integer or bool input) or to a
 * requested dtype, so it equals {@code torch.tensor(sklearn_result, dtype=...)}. Results are new arrays and new
 * tensors (leaves that do not require grad); inputs are never modified.
 *
 * <p>Fitting: {@link #partialFit(double[][])} folds one more batch into what the scaler has seen, so a stream
 * can be scaled as it arrives; {@link #fit(double[][])} forgets everything first. Batches must be non-empty,
 * rectangular and finite; after the first batch the feature count is fixed. A batch is checked whole before
 * it is used, so on an error ({@link IllegalArgumentException}, naming the row and column) the scaler is
 * unchanged, except that {@code fit} has already reset it.
 *
 * <p>State: {@link #stateDict()} exports everything learned as named float64 vectors and int64/bool scalars
 * (names as scikit-learn's attributes without the trailing underscore); {@link #loadStateDict(Map)} restores
 * it bit for bit into a scaler constructed with the same settings. A pipeline publishes it inside a model
 * update under a prefix such as {@code scaler.}, which it strips again before loading.
 *
 * <p>Using a scaler before it is fitted raises {@link NotFittedException}. Scalers are not thread-safe.
 */
public interface Scaler {

    /** Updates the learned statistics with one more batch; returns this scaler. */
    Scaler partialFit(double[][] x);

    /**
     * As {@link #partialFit(double[][])} for a flat row-major batch: the rows one after another in {@code x},
     * {@code features} values each. {@code features} must be at least 1 and {@code x.length} a positive multiple
     * of it; an error names a bad value by its row {@code index / features} and column
     * {@code index % features}. Returns this scaler.
     */
    Scaler partialFit(double[] x, int features);

    /**
     * Whether {@code partialFit(x, features)} would leave what {@link #transform} and
     * {@link #inverseTransform} compute exactly as it is (bit for bit). A stream uses it to reuse a computation
     * made with the transform before the batch; {@code false} is always a correct answer, and the default.
     * Does not change the scaler.
     */
    default boolean transformUnchangedBy(double[] x, int features) {
        return false;
    }

    /** Forgets everything learned: the scaler is as newly constructed, with the same settings. */
    void reset();

    /** Whether the scaler has seen data (or loaded a state) and can transform. */
    boolean isFitted();

    /** The feature count fixed by the first batch. */
    int nFeaturesIn();

    /** How many rows the statistics were computed from. */
    long nSamplesSeen();

    /** {@code X} scaled: a new array. */
    double[][] transform(double[][] x);

    /** Undoes {@link #transform(double[][])}: a new array. */
    double[][] inverseTransform(double[][] x);

    /**
     * {@code x}, flat and row-major as in {@link #partialFit(double[], int)}, scaled: a new flat array of the same
     * layout, equal bit for bit to {@link #transform(double[][])} of the same rows.
     */
    double[] transform(double[] x, int features);

    /** Undoes {@link #transform(double[], int)}: a new flat array of the same layout. */
    double[] inverseTransform(double[] x, int features);

    /** The learned state, in a fixed order, as new tensors. */
    Map<String, Tensor> stateDict();

    /**
     * Replaces this scaler's state with {@code state}, which must have exactly the keys {@link #stateDict()}
     * produces, with their dtypes and consistent shapes, saved by a scaler with the same settings.
     *
     * @throws IllegalArgumentException naming the key that is missing, unexpected or wrong; the scaler is then
     *                                  unchanged
     */
    void loadStateDict(Map<String, Tensor> state);

    /** Learns the statistics of {@code x} alone: {@link #reset()}, then {@link #partialFit(double[][])}. */
    default Scaler fit(double[][] x) {
        reset();
        return partialFit(x);
    }

    /** {@code fit(x)}, then {@code transform(x)}. */
    default double[][] fitTransform(double[][] x) {
        return fit(x).transform(x);
    }

    /** As {@link #partialFit(double[][])} for a 2-D tensor. */
    default Scaler partialFit(Tensor x) {
        return partialFit(ScalerInput.rows(x));
    }

    /** As {@link #fit(double[][])} for a 2-D tensor. */
    default Scaler fit(Tensor x) {
        return fit(ScalerInput.rows(x));
    }

    /** {@code x} scaled, in {@code x}'s dtype (float64 for integer or bool input). */
    default Tensor transform(Tensor x) {
        return transform(x, ScalerInput.resultDType(x));
    }

    /** {@code x} scaled, computed in float64 and returned as {@code dtype}. */
    default Tensor transform(Tensor x, DType dtype) {
        return ScalerInput.tensor(transform(ScalerInput.rows(x)), dtype);
    }

    /** {@code x} unscaled, in {@code x}'s dtype (float64 for integer or bool input). */
    default Tensor inverseTransform(Tensor x) {
        return inverseTransform(x, ScalerInput.resultDType(x));
    }

    /** {@code x} unscaled, computed in float64 and returned as {@code dtype}. */
    default Tensor inverseTransform(Tensor x, DType dtype) {
        return ScalerInput.tensor(inverseTransform(ScalerInput.rows(x)), dtype);
    }

    /** {@code fit(x)}, then {@code transform(x)}, in {@code x}'s dtype. */
    default Tensor fitTransform(Tensor x) {
        return ScalerInput.tensor(fitTransform(ScalerInput.rows(x)), ScalerInput.resultDType(x));
    }
}
