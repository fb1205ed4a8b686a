package io.streamgrad.data;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scalers compute exactly the bits of {@link ScalerReference}, the arithmetic as first written over
 * {@code double[][]}, for random matrices, any split into {@code partialFit} batches and every setting.
 * Bits, not a tolerance: a stream rescaled by a restarted or re-deployed trainer must feed the model the
 * same numbers.
 */
@PropertyDefaults(tries = 200)
class ScalerBitIdentityTest {

    /** How the rows reach {@code partialFit}. */
    enum Split { WHOLE, ROW_BY_ROW, RANDOM }

    @Property
    void minMaxScalerMatchesTheReference(@ForAll @IntRange(min = 1, max = 300) int rows,
                                         @ForAll @IntRange(min = 1, max = 6) int features,
                                         @ForAll Split split, @ForAll("featureRanges") double[] range,
                                         @ForAll long seed) {
        Random random = new Random(seed);
        double[][] x = matrix(random, rows, features);
        double[][] probe = matrix(random, 1 + random.nextInt(20), features);
        ScalerReference.MinMax reference = new ScalerReference.MinMax(range[0], range[1]);
        MinMaxScaler scaler = new MinMaxScaler(range[0], range[1]);

        for (double[][] batch : batches(x, split, random)) {
            reference.partialFit(batch);
            scaler.partialFit(batch);

            assertThat(scaler.nSamplesSeen()).isEqualTo(reference.nSamplesSeen);
            assertSameBits("data_min", reference.dataMin, scaler.dataMin());
            assertSameBits("data_max", reference.dataMax, scaler.dataMax());
            assertSameBits("data_range", reference.dataRange, scaler.dataRange());
            assertSameBits("min", reference.min, scaler.min());
            assertSameBits("scale", reference.scale, scaler.scale());
        }
        assertSameBits("transform(X)", reference.transform(x), scaler.transform(x));
        assertSameBits("transform(probe)", reference.transform(probe), scaler.transform(probe));
        assertSameBits("inverseTransform(probe)", reference.inverseTransform(probe), scaler.inverseTransform(probe));
    }

    @Property
    void standardScalerMatchesTheReference(@ForAll @IntRange(min = 1, max = 300) int rows,
                                           @ForAll @IntRange(min = 1, max = 6) int features,
                                           @ForAll Split split, @ForAll boolean withMean, @ForAll boolean withStd,
                                           @ForAll long seed) {
        Random random = new Random(seed);
        double[][] x = matrix(random, rows, features);
        double[][] probe = matrix(random, 1 + random.nextInt(20), features);
        ScalerReference.Standard reference = new ScalerReference.Standard(withMean, withStd);
        StandardScaler scaler = new StandardScaler(withMean, withStd);

        for (double[][] batch : batches(x, split, random)) {
            reference.partialFit(batch);
            scaler.partialFit(batch);

            assertThat(scaler.nSamplesSeen()).isEqualTo(reference.nSamplesSeen);
            assertThat(scaler.nFeaturesIn()).isEqualTo(reference.nFeatures);
            if (withMean || withStd) {
                assertSameBits("mean", reference.mean, scaler.mean());
            }
            if (withStd) {
                assertSameBits("var", reference.var, scaler.var());
                assertSameBits("scale", reference.scale, scaler.scale());
            }
        }
        assertSameBits("transform(X)", reference.transform(x), scaler.transform(x));
        assertSameBits("transform(probe)", reference.transform(probe), scaler.transform(probe));
        assertSameBits("inverseTransform(probe)", reference.inverseTransform(probe), scaler.inverseTransform(probe));
    }

    /** The default, sklearn fixtures' ranges, a narrow and a wide one, and random ones. */
    @Provide
    Arbitrary<double[]> featureRanges() {
        Arbitrary<double[]> random = Combinators.combine(Arbitraries.doubles().between(-1e3, 1e3).ofScale(6),
                        Arbitraries.integers().between(-6, 6))
                .as((low, decade) -> new double[] {low, low + Math.pow(10, decade)});
        Arbitrary<double[]> fixed = Arbitraries.of(new double[] {0, 1}, new double[] {-1, 1},
                new double[] {-3, 5}, new double[] {1e-3, 2e-3}, new double[] {-1e6, 1e6});
        return Arbitraries.oneOf(fixed, random);
    }

    // ---- data ----------------------------------------------------------------------------------------------

    /**
     * A matrix whose columns are each of one kind that has caught rounding differences: wide magnitudes, a
     * large offset (the variance's cancellation), constants and near-constants (the zero-range and
     * zero-variance thresholds), small integers with signed zeros (ties in min/max), subnormals.
     */
    static double[][] matrix(Random random, int rows, int features) {
        double[][] x = new double[rows][features];
        for (int j = 0; j < features; j++) {
            int kind = random.nextInt(7);
            double magnitude = Math.pow(10, random.nextInt(13) - 6);
            double constant = random.nextGaussian() * magnitude;
            for (int i = 0; i < rows; i++) {
                x[i][j] = switch (kind) {
                    case 0 -> random.nextGaussian() * magnitude;
                    case 1 -> 1e9 + random.nextGaussian();
                    case 2 -> constant;
                    case 3 -> 1.0 + random.nextInt(4) * Math.ulp(1.0);
                    case 4 -> {
                        int v = random.nextInt(7) - 3;
                        yield v == 0 && random.nextBoolean() ? -0.0 : v;
                    }
                    case 5 -> random.nextGaussian() * Double.MIN_NORMAL;
                    default -> random.nextDouble() < 0.5 ? random.nextGaussian() * 1e-3 : random.nextGaussian() * 1e6;
                };
            }
        }
        return x;
    }

    /** The rows of {@code x} cut into consecutive batches as {@code split} says. */
    static List<double[][]> batches(double[][] x, Split split, Random random) {
        List<double[][]> out = new ArrayList<>();
        int longest = switch (split) {
            case WHOLE -> x.length;
            case ROW_BY_ROW -> 1;
            case RANDOM -> 1 + random.nextInt(x.length);
        };
        for (int start = 0; start < x.length; ) {
            int end = Math.min(x.length, start + (split == Split.RANDOM ? 1 + random.nextInt(longest) : longest));
            out.add(Arrays.copyOfRange(x, start, end));
            start = end;
        }
        return out;
    }

    // ---- bitwise equality ----------------------------------------------------------------------------------

    /** Equal as IEEE 754 bit patterns: tells 0.0 from -0.0, which {@code ==} does not. */
    private static final Comparator<Double> BITS =
            Comparator.comparingLong(v -> Double.doubleToRawLongBits(v));

    static void assertSameBits(String what, double[] want, double[] got) {
        assertThat(got).as(what).usingElementComparator(BITS).containsExactly(want);
    }

    static void assertSameBits(String what, double[][] want, double[][] got) {
        assertThat(got).as("%s: rows", what).hasNumberOfRows(want.length);
        for (int i = 0; i < want.length; i++) {
            assertSameBits(what + "[" + i + "]", want[i], got[i]);
        }
    }
}
