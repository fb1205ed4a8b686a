package io.streamgrad.data;

/**
 * The scalers' arithmetic as it was written over {@code double[][]} before the flat row-major path existed,
 * copied loop for loop (no input checks, no state dict). It is the oracle that proves every later form of the
 * scalers computes the same bits: change it only if the scalers' numbers are meant to change.
 */
final class ScalerReference {
    private ScalerReference() {
    }

    /** {@link MinMaxScaler}'s {@code partialFit}, {@code transform} and {@code inverseTransform}. */
    static final class MinMax {
        private static final double CONSTANT_RANGE = 10 * Math.ulp(1.0);
        private final double rangeMin;
        private final double rangeMax;
        long nSamplesSeen;
        double[] dataMin;
        double[] dataMax;
        double[] dataRange;
        double[] min;
        double[] scale;

        MinMax(double rangeMin, double rangeMax) {
            this.rangeMin = rangeMin;
            this.rangeMax = rangeMax;
        }

        void partialFit(double[][] x) {
            int features = x[0].length;
            double[] lo = dataMin != null ? dataMin.clone() : x[0].clone();
            double[] hi = dataMin != null ? dataMax.clone() : x[0].clone();
            for (double[] row : x) {
                for (int j = 0; j < features; j++) {
                    lo[j] = Math.min(lo[j], row[j]);
                    hi[j] = Math.max(hi[j], row[j]);
                }
            }
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
            nSamplesSeen += x.length;
        }

        double[][] transform(double[][] x) {
            double[][] out = new double[x.length][scale.length];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < scale.length; j++) {
                    out[i][j] = x[i][j] * scale[j] + min[j];
                }
            }
            return out;
        }

        double[][] inverseTransform(double[][] x) {
            double[][] out = new double[x.length][scale.length];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < scale.length; j++) {
                    out[i][j] = (x[i][j] - min[j]) / scale[j];
                }
            }
            return out;
        }
    }

    /** {@link StandardScaler}'s {@code partialFit}, {@code transform} and {@code inverseTransform}. */
    static final class Standard {
        private static final double EPS = Math.ulp(1.0);
        private final boolean withMean;
        private final boolean withStd;
        int nFeatures = -1;
        long nSamplesSeen;
        double[] mean;
        double[] var;
        double[] scale;

        Standard(boolean withMean, boolean withStd) {
            this.withMean = withMean;
            this.withStd = withStd;
        }

        void partialFit(double[][] x) {
            int features = x[0].length;
            boolean fitted = nFeatures >= 0;
            if (withMean || withStd) {
                double[] newMean = fitted ? mean.clone() : new double[features];
                double[] newVar = !withStd ? null : fitted ? var.clone() : new double[features];
                for (int j = 0; j < features; j++) {
                    merge(x, j, newMean, newVar);
                }
                mean = newMean;
                var = newVar;
                scale = withStd ? scaleOf(var, mean, nSamplesSeen + x.length) : null;
            }
            nFeatures = features;
            nSamplesSeen += x.length;
        }

        private void merge(double[][] x, int j, double[] means, double[] variances) {
            double lastCount = nSamplesSeen;
            double newCount = x.length;
            double updatedCount = lastCount + newCount;
            double lastSum = means[j] * lastCount;
            double newSum = 0;
            for (double[] row : x) {
                newSum += row[j];
            }
            means[j] = (lastSum + newSum) / updatedCount;
            if (variances == null) {
                return;
            }
            double t = newSum / newCount;
            double correction = 0;
            double squares = 0;
            for (double[] row : x) {
                double d = row[j] - t;
                correction += d;
                squares += d * d;
            }
            double newUnnormalized = squares - correction * correction / newCount;
            double updatedUnnormalized = newUnnormalized;
            if (lastCount > 0) {
                double lastOverNew = lastCount / newCount;
                double gap = lastSum / lastOverNew - newSum;
                updatedUnnormalized = variances[j] * lastCount + newUnnormalized
                        + lastOverNew / updatedCount * (gap * gap);
            }
            variances[j] = updatedUnnormalized / updatedCount;
        }

        private static double[] scaleOf(double[] var, double[] mean, long samples) {
            double n = samples;
            double[] out = new double[var.length];
            for (int j = 0; j < var.length; j++) {
                double bound = n * EPS * var[j] + (n * mean[j] * EPS) * (n * mean[j] * EPS);
                out[j] = var[j] <= bound ? 1.0 : Math.sqrt(var[j]);
            }
            return out;
        }

        double[][] transform(double[][] x) {
            double[][] out = new double[x.length][nFeatures];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < nFeatures; j++) {
                    double centred = withMean ? x[i][j] - mean[j] : x[i][j];
                    out[i][j] = withStd ? centred / scale[j] : centred;
                }
            }
            return out;
        }

        double[][] inverseTransform(double[][] x) {
            double[][] out = new double[x.length][nFeatures];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < nFeatures; j++) {
                    double scaled = withStd ? x[i][j] * scale[j] : x[i][j];
                    out[i][j] = withMean ? scaled + mean[j] : scaled;
                }
            }
            return out;
        }
    }
}
