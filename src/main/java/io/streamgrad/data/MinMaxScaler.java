package io.streamgrad.data;

import io.streamgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scales each feature to {@code featureRange} (default [0, 1]) by the minimum and maximum seen so far:
 * scikit-learn's {@code MinMaxScaler}, computed the same way in float64 so that its attributes and outputs
 * equal scikit-learn's.
 *
 * <pre>
 * scale_ = (max_r - min_r) / data_range_     (1 for a feature whose range is below 10·eps: a constant)
 * min_   = min_r - data_min_ * scale_
 * transform(X)         = X * scale_ + min_
 * inverse_transform(X) = (X - min_) / scale_
 * </pre>
 *
 * <p>{@link #partialFit(double[][])} keeps a running per-feature minimum and maximum, so one pass of
 * {@code partialFit} over any split of the rows gives exactly what {@code fit} gives on all of them. Values
 * outside the seen range scale outside {@code featureRange} (scikit-learn's {@code clip=False}).
 * The contract for input, errors and state is {@link Scaler}'s; the state dict holds {@code data_min},
 * {@code data_max}, {@code min}, {@code scale} (float64 [n_features]), {@code n_samples_seen},
 * {@code n_features_in} (int64 scalars) and {@code feature_range} (float64 [2]).
 */
public final class MinMaxScaler implements Scaler {
    private static final String NAME = "MinMaxScaler";
    private static final String DATA_MIN = "data_min";
    private static final String DATA_MAX = "data_max";
    private static final String MIN = "min";
    private static final String SCALE = "scale";
    private static final String FEATURE_RANGE = "feature_range";
    private static final List<String> STATE_KEYS = List.of(DATA_MIN, DATA_MAX, MIN, SCALE,
            ScalerState.N_SAMPLES_SEEN, ScalerState.N_FEATURES_IN, FEATURE_RANGE);
    /** scikit-learn's {@code _handle_zeros_in_scale}: a range below this is a constant feature. */
    private static final double CONSTANT_RANGE = 10 * Math.ulp(1.0);

    private final double rangeMin;
    private final double rangeMax;
    private long nSamplesSeen;
    private double[] dataMin;
    private double[] dataMax;
    private double[] dataRange;
    private double[] min;
    private double[] scale;
    /** Whether {@code min} and {@code scale} are derived from the extremes (false after loading other values). */
    private boolean derived;

    /** Scales to [0, 1]. */
    public MinMaxScaler() {
        this(0, 1);
    }

    /** Scales to [{@code rangeMin}, {@code rangeMax}]; {@code rangeMin} must be smaller. */
    public MinMaxScaler(double rangeMin, double rangeMax) {
        if (!(rangeMin < rangeMax) || !Double.isFinite(rangeMin) || !Double.isFinite(rangeMax)) {
            throw new IllegalArgumentException("Minimum of desired feature range must be smaller than maximum, and "
                    + "both finite. Got (" + rangeMin + ", " + rangeMax + ").");
        }
        this.rangeMin = rangeMin;
        this.rangeMax = rangeMax;
    }

    /** The target range {min, max}. */
    public double[] featureRange() {
        return new double[] {rangeMin, rangeMax};
    }

    @Override
    public MinMaxScaler partialFit(double[][] x) {
        int features = ScalerInput.check(NAME, x, isFitted() ? nFeaturesIn() : -1);
        return fold(ScalerInput.flatten(x, features), features);
    }

    @Override
    public MinMaxScaler partialFit(double[] x, int features) {
        ScalerInput.check(NAME, x, features, isFitted() ? nFeaturesIn() : -1);
        return fold(x, features);
    }

    /** Widens the running extremes by a checked flat batch: the one implementation of {@code partialFit}. */
    private MinMaxScaler fold(double[] x, int features) {
        double[] lo = isFitted() ? dataMin.clone() : Arrays.copyOf(x, features);
        double[] hi = isFitted() ? dataMax.clone() : Arrays.copyOf(x, features);
        // Column by column, the extremes in registers: the same comparisons in the same row order as row by row.
        for (int j = 0; j < features; j++) {
            double least = lo[j];
            double most = hi[j];
            for (int i = j; i < x.length; i += features) {
                least = Math.min(least, x[i]);
                most = Math.max(most, x[i]);
            }
            lo[j] = least;
            hi[j] = most;
        }
        setState(lo, hi, nSamplesSeen + x.length / features);
        return this;
    }

    /** Takes new extremes and derives the rest exactly as scikit-learn's {@code partial_fit} does. */
    private void setState(double[] lo, double[] hi, long samples) {
        int features = lo.length;
        double[] range = new double[features];
        double[] newScale = new double[features];
        double[] newMin = new double[features];
        for (int j = 0; j < features; j++) {
            range[j] = hi[j] - lo[j];
            newScale[j] = (rangeMax - rangeMin) / (range[j] < CONSTANT_RANGE ? 1.0 : range[j]);
            newMin[j] = rangeMin - lo[j] * newScale[j];
        }
        dataMin = lo;
        dataMax = hi;
        dataRange = range;
        scale = newScale;
        min = newMin;
        nSamplesSeen = samples;
        derived = true;
    }

    /**
     * True when the batch lies within the extremes seen: {@code partialFit} then keeps them, and re-derives
     * {@code scale_} and {@code min_} from them — the values in use, unless a loaded state carried others.
     */
    @Override
    public boolean transformUnchangedBy(double[] x, int features) {
        if (!isFitted() || !derived || features != dataMin.length || x.length % features != 0) {
            return false;
        }
        for (int i = 0; i < x.length; i += features) {
            for (int j = 0; j < features; j++) {
                double v = x[i + j];
                // Written so that NaN, never within any range, answers false.
                if (!(v >= dataMin[j] && v <= dataMax[j])) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void reset() {
        nSamplesSeen = 0;
        dataMin = null;
        dataMax = null;
        dataRange = null;
        min = null;
        scale = null;
    }

    @Override
    public boolean isFitted() {
        return dataMin != null;
    }

    @Override
    public int nFeaturesIn() {
        return fitted().dataMin.length;
    }

    @Override
    public long nSamplesSeen() {
        return fitted().nSamplesSeen;
    }

    /** Per-feature minimum seen ({@code data_min_}). */
    public double[] dataMin() {
        return fitted().dataMin.clone();
    }

    /** Per-feature maximum seen ({@code data_max_}). */
    public double[] dataMax() {
        return fitted().dataMax.clone();
    }

    /** {@code dataMax - dataMin}, zero for a constant feature ({@code data_range_}). */
    public double[] dataRange() {
        return fitted().dataRange.clone();
    }

    /** Per-feature offset added after scaling ({@code min_}). */
    public double[] min() {
        return fitted().min.clone();
    }

    /** Per-feature factor ({@code scale_}). */
    public double[] scale() {
        return fitted().scale.clone();
    }

    @Override
    public double[][] transform(double[][] x) {
        return ScalerInput.viaFlat(NAME, x, nFeaturesIn(), this::scaled);
    }

    @Override
    public double[] transform(double[] x, int features) {
        ScalerInput.check(NAME, x, features, nFeaturesIn());
        return scaled(x);
    }

    @Override
    public double[][] inverseTransform(double[][] x) {
        return ScalerInput.viaFlat(NAME, x, nFeaturesIn(), this::unscaled);
    }

    @Override
    public double[] inverseTransform(double[] x, int features) {
        ScalerInput.check(NAME, x, features, nFeaturesIn());
        return unscaled(x);
    }

    /** {@code x * scale_ + min_} of a checked flat batch, into a new array. */
    private double[] scaled(double[] x) {
        double[] factor = scale;
        double[] offset = min;
        int features = factor.length;
        double[] out = new double[x.length];
        // Column by column: one factor and offset per loop, which the JIT keeps in registers (same result per value).
        for (int j = 0; j < features; j++) {
            double f = factor[j];
            double o = offset[j];
            for (int i = j; i < x.length; i += features) {
                out[i] = x[i] * f + o;
            }
        }
        return out;
    }

    /** {@code (x - min_) / scale_} of a checked flat batch, into a new array. */
    private double[] unscaled(double[] x) {
        double[] factor = scale;
        double[] offset = min;
        int features = factor.length;
        double[] out = new double[x.length];
        for (int j = 0; j < features; j++) {
            double f = factor[j];
            double o = offset[j];
            for (int i = j; i < x.length; i += features) {
                out[i] = (x[i] - o) / f;
            }
        }
        return out;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        fitted();
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put(DATA_MIN, ScalerState.vector(dataMin));
        state.put(DATA_MAX, ScalerState.vector(dataMax));
        state.put(MIN, ScalerState.vector(min));
        state.put(SCALE, ScalerState.vector(scale));
        state.put(ScalerState.N_SAMPLES_SEEN, ScalerState.count(nSamplesSeen));
        state.put(ScalerState.N_FEATURES_IN, ScalerState.count(dataMin.length));
        state.put(FEATURE_RANGE, ScalerState.vector(featureRange()));
        return state;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        ScalerState in = new ScalerState(NAME, state, STATE_KEYS);
        double[] savedRange = in.readVector(FEATURE_RANGE, 2);
        in.requireSetting("feature_range", "(" + savedRange[0] + ", " + savedRange[1] + ")",
                "(" + rangeMin + ", " + rangeMax + ")");
        int features = Math.toIntExact(in.readCount(ScalerState.N_FEATURES_IN, 1));
        long samples = in.readCount(ScalerState.N_SAMPLES_SEEN, 1);
        double[] lo = in.readVector(DATA_MIN, features);
        double[] hi = in.readVector(DATA_MAX, features);
        double[] newMin = in.readVector(MIN, features);
        double[] newScale = in.readVector(SCALE, features);
        setState(lo, hi, samples);
        derived = Arrays.equals(min, newMin) && Arrays.equals(scale, newScale);
        // Taken as saved rather than re-derived: the state is the source of truth, even from another producer.
        min = newMin;
        scale = newScale;
    }

    private MinMaxScaler fitted() {
        if (!isFitted()) {
            throw new NotFittedException(NAME);
        }
        return this;
    }
}
