package io.streamgrad.data;

import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Standardizes each feature to zero mean and unit variance: scikit-learn's {@code StandardScaler}, with its
 * {@code withMean} and {@code withStd} switches, computed the same way in float64.
 *
 * <pre>
 * var_   = population variance (ddof = 0)
 * scale_ = sqrt(var_)        (1 for a feature scikit-learn judges constant: var_ within rounding of 0)
 * transform(X)         = (X - mean_) / scale_     (each step only when switched on)
 * inverse_transform(X) = X * scale_ + mean_
 * </pre>
 *
 * <p>{@link #partialFit(double[][])} merges each batch's sum and centred sum of squares into the running
 * mean and variance with Chan, Golub and LeVeque's update (scikit-learn's {@code _incremental_mean_and_var}),
 * so it is stable for long streams and equals {@code fit} on the concatenated rows up to rounding.
 * {@code mean_} is learned whenever either switch is on (the variance needs it); {@code var_} and
 * {@code scale_} only with {@code withStd}. The contract for input, errors and state is {@link Scaler}'s; the
 * state dict holds {@code mean}, {@code var}, {@code scale} (float64 [n_features], those learned),
 * {@code n_samples_seen}, {@code n_features_in} (int64 scalars), {@code with_mean} and {@code with_std}
 * (bool scalars).
 */
public final class StandardScaler implements Scaler {
    private static final String NAME = "StandardScaler";
    private static final String MEAN = "mean";
    private static final String VAR = "var";
    private static final String SCALE = "scale";
    private static final String WITH_MEAN = "with_mean";
    private static final String WITH_STD = "with_std";
    private static final double EPS = Math.ulp(1.0);

    private final boolean withMean;
    private final boolean withStd;
    private int nFeatures = -1;
    private long nSamplesSeen;
    private double[] mean;
    private double[] var;
    private double[] scale;

    /** Centres and scales to unit variance. */
    public StandardScaler() {
        this(true, true);
    }

    /**
     * A scaler with scikit-learn's {@code with_mean} and {@code with_std} switches; with both off, transforms
     * are the identity and only the row and feature counts are learned.
     */
    public StandardScaler(boolean withMean, boolean withStd) {
        this.withMean = withMean;
        this.withStd = withStd;
    }

    /** Whether {@code transform} subtracts {@code mean_} ({@code with_mean}). */
    public boolean withMean() {
        return withMean;
    }

    /** Whether {@code transform} divides by {@code scale_} ({@code with_std}), which makes it learn {@code var_}. */
    public boolean withStd() {
        return withStd;
    }

    @Override
    public StandardScaler partialFit(double[][] x) {
        int features = ScalerInput.check(NAME, x, nFeatures);
        return fold(ScalerInput.flatten(x, features), features);
    }

    @Override
    public StandardScaler partialFit(double[] x, int features) {
        ScalerInput.check(NAME, x, features, nFeatures);
        return fold(x, features);
    }

    /** Merges a checked flat batch into the running statistics: the one implementation of {@code partialFit}. */
    private StandardScaler fold(double[] x, int features) {
        int rows = x.length / features;
        if (withMean || withStd) {
            double[] newMean = isFitted() ? mean.clone() : new double[features];
            double[] newVar = !withStd ? null : isFitted() ? var.clone() : new double[features];
            for (int j = 0; j < features; j++) {
                merge(x, features, j, newMean, newVar);
            }
            mean = newMean;
            var = newVar;
            scale = withStd ? scaleOf(var, mean, nSamplesSeen + rows) : null;
        }
        nFeatures = features;
        nSamplesSeen += rows;
        return this;
    }

    /**
     * Folds column {@code j} of the flat batch into {@code means[j]} and {@code variances[j]} (null when not
     * tracked), with scikit-learn's operations in scikit-learn's order so that the results agree to the last
     * bit where the sums do. Each sum runs down the column in row order: another order would round differently.
     */
    private void merge(double[] x, int features, int j, double[] means, double[] variances) {
        double lastCount = nSamplesSeen;
        double newCount = x.length / features;
        double updatedCount = lastCount + newCount;
        double lastSum = means[j] * lastCount;
        double newSum = 0;
        for (int k = j; k < x.length; k += features) {
            newSum += x[k];
        }
        means[j] = (lastSum + newSum) / updatedCount;
        if (variances == null) {
            return;
        }
        // The corrected two-pass variance of the batch: the correction cancels the rounding error of T.
        double t = newSum / newCount;
        double correction = 0;
        double squares = 0;
        for (int k = j; k < x.length; k += features) {
            double d = x[k] - t;
            correction += d;
            squares += d * d;
        }
        double newUnnormalized = squares - correction * correction / newCount;
        double updatedUnnormalized = newUnnormalized;
        if (lastCount > 0) {
            double lastOverNew = lastCount / newCount;
            double gap = lastSum / lastOverNew - newSum;
            updatedUnnormalized = variances[j] * lastCount + newUnnormalized + lastOverNew / updatedCount * (gap * gap);
        }
        variances[j] = updatedUnnormalized / updatedCount;
    }

    /** sqrt(var), with 1 where the variance is indistinguishable from 0 given the rounding of n samples. */
    private static double[] scaleOf(double[] var, double[] mean, long samples) {
        double n = samples;
        double[] out = new double[var.length];
        for (int j = 0; j < var.length; j++) {
            double bound = n * EPS * var[j] + (n * mean[j] * EPS) * (n * mean[j] * EPS);
            out[j] = var[j] <= bound ? 1.0 : Math.sqrt(var[j]);
        }
        return out;
    }

    @Override
    public void reset() {
        nFeatures = -1;
        nSamplesSeen = 0;
        mean = null;
        var = null;
        scale = null;
    }

    @Override
    public boolean isFitted() {
        return nFeatures >= 0;
    }

    @Override
    public int nFeaturesIn() {
        return fitted().nFeatures;
    }

    @Override
    public long nSamplesSeen() {
        return fitted().nSamplesSeen;
    }

    /** Per-feature mean ({@code mean_}); learned unless both switches are off. */
    public double[] mean() {
        return learned(MEAN, mean, "withMean or withStd").clone();
    }

    /** Per-feature population variance ({@code var_}); learned with {@code withStd}. */
    public double[] var() {
        return learned(VAR, var, "withStd").clone();
    }

    /** Per-feature divisor ({@code scale_}); learned with {@code withStd}. */
    public double[] scale() {
        return learned(SCALE, scale, "withStd").clone();
    }

    @Override
    public double[][] transform(double[][] x) {
        return ScalerInput.viaFlat(NAME, x, nFeaturesIn(), this::standardized);
    }

    @Override
    public double[] transform(double[] x, int features) {
        ScalerInput.check(NAME, x, features, nFeaturesIn());
        return standardized(x);
    }

    @Override
    public double[][] inverseTransform(double[][] x) {
        return ScalerInput.viaFlat(NAME, x, nFeaturesIn(), this::unstandardized);
    }

    @Override
    public double[] inverseTransform(double[] x, int features) {
        ScalerInput.check(NAME, x, features, nFeaturesIn());
        return unstandardized(x);
    }

    /**
     * {@code (x - mean_) / scale_} of a checked flat batch, each step only when switched on, into a new array.
     */
    private double[] standardized(double[] x) {
        boolean centre = withMean;
        boolean divide = withStd;
        double[] offset = mean;
        double[] divisor = scale;
        int features = nFeatures;
        double[] out = new double[x.length];
        for (int row = 0; row < x.length; row += features) {
            for (int j = 0; j < features; j++) {
                double centred = centre ? x[row + j] - offset[j] : x[row + j];
                out[row + j] = divide ? centred / divisor[j] : centred;
            }
        }
        return out;
    }

    /**
     * {@code x * scale_ + mean_} of a checked flat batch, each step only when switched on, into a new array. A
     * switched-off step is skipped rather than done with 1 or 0: adding 0 would turn -0.0 into 0.0.
     */
    private double[] unstandardized(double[] x) {
        boolean multiply = withStd;
        boolean uncentre = withMean;
        double[] factor = scale;
        double[] offset = mean;
        int features = nFeatures;
        double[] out = new double[x.length];
        for (int row = 0; row < x.length; row += features) {
            for (int j = 0; j < features; j++) {
                double scaled = multiply ? x[row + j] * factor[j] : x[row + j];
                out[row + j] = uncentre ? scaled + offset[j] : scaled;
            }
        }
        return out;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        fitted();
        Map<String, Tensor> state = new LinkedHashMap<>();
        if (mean != null) {
            state.put(MEAN, ScalerState.vector(mean));
        }
        if (withStd) {
            state.put(VAR, ScalerState.vector(var));
            state.put(SCALE, ScalerState.vector(scale));
        }
        state.put(ScalerState.N_SAMPLES_SEEN, ScalerState.count(nSamplesSeen));
        state.put(ScalerState.N_FEATURES_IN, ScalerState.count(nFeatures));
        state.put(WITH_MEAN, ScalerState.flag(withMean));
        state.put(WITH_STD, ScalerState.flag(withStd));
        return state;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        ScalerState in = new ScalerState(NAME, state, stateKeys());
        in.requireSetting(WITH_MEAN, in.readFlag(WITH_MEAN), withMean);
        in.requireSetting(WITH_STD, in.readFlag(WITH_STD), withStd);
        int features = Math.toIntExact(in.readCount(ScalerState.N_FEATURES_IN, 1));
        long samples = in.readCount(ScalerState.N_SAMPLES_SEEN, 1);
        double[] newMean = withMean || withStd ? in.readVector(MEAN, features) : null;
        double[] newVar = withStd ? in.readVector(VAR, features) : null;
        double[] newScale = withStd ? in.readVector(SCALE, features) : null;
        nFeatures = features;
        nSamplesSeen = samples;
        mean = newMean;
        var = newVar;
        scale = newScale;
    }

    /** The keys {@link #stateDict()} writes with these settings. */
    private List<String> stateKeys() {
        List<String> keys = new ArrayList<>();
        if (withMean || withStd) {
            keys.add(MEAN);
        }
        if (withStd) {
            keys.add(VAR);
            keys.add(SCALE);
        }
        keys.addAll(List.of(ScalerState.N_SAMPLES_SEEN, ScalerState.N_FEATURES_IN, WITH_MEAN, WITH_STD));
        return keys;
    }

    private double[] learned(String attribute, double[] values, String needs) {
        fitted();
        if (values == null) {
            throw new IllegalStateException(attribute + "_ is not learned by StandardScaler(withMean=" + withMean
                    + ", withStd=" + withStd + "); it needs " + needs);
        }
        return values;
    }

    private StandardScaler fitted() {
        if (!isFitted()) {
            throw new NotFittedException(NAME);
        }
        return this;
    }
}
