package io.streamgrad.data;

import io.streamgrad.testing.Cases;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.streamgrad.testing.Cases.between;
import static io.streamgrad.testing.Cases.oneOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The scalers compute exactly the bits of {@link ScalerReference}, the arithmetic as first written over
 * {@code double[][]}, for random matrices, any split into {@code partialFit} batches, every setting, and
 * either form of input: rows ({@code double[][]}), flat row-major ({@code double[]}), or batches of both mixed.
 * Bits, not a tolerance: a stream rescaled by a restarted or re-deployed trainer must feed the model the
 * same numbers.
 */
class ScalerBitIdentityTest {
    private static final int CASES = 200;

    /** How the rows reach {@code partialFit}. */
    enum Split { WHOLE, ROW_BY_ROW, RANDOM }

    @ParameterizedTest(name = "[{index}] rows {0}, features {1}, split {2}, range {3}, seed {4}")
    @MethodSource("minMaxCases")
    void minMaxScalerMatchesTheReference(int rows, int features, Split split, double[] range, long seed) {
        Random random = new Random(seed);
        double[][] x = matrix(random, rows, features);
        double[][] probe = matrix(random, 1 + random.nextInt(20), features);
        ScalerReference.MinMax reference = new ScalerReference.MinMax(range[0], range[1]);
        Map<String, MinMaxScaler> scalers = new LinkedHashMap<>();
        for (Api api : Api.values()) {
            scalers.put(api.name(), new MinMaxScaler(range[0], range[1]));
        }

        for (double[][] batch : batches(x, split, random)) {
            reference.partialFit(batch);
            scalers.forEach((api, scaler) -> {
                Api.valueOf(api).partialFit(scaler, batch, random);

                assertThat(scaler.nSamplesSeen()).as(api).isEqualTo(reference.nSamplesSeen);
                assertSameBits(api + " data_min", reference.dataMin, scaler.dataMin());
                assertSameBits(api + " data_max", reference.dataMax, scaler.dataMax());
                assertSameBits(api + " data_range", reference.dataRange, scaler.dataRange());
                assertSameBits(api + " min", reference.min, scaler.min());
                assertSameBits(api + " scale", reference.scale, scaler.scale());
            });
        }
        scalers.forEach((api, scaler) -> assertTransformsMatch(api, scaler, x, probe, reference::transform,
                reference::inverseTransform));
    }

    @ParameterizedTest(name = "[{index}] rows {0}, features {1}, split {2}, withMean {3}, withStd {4}, seed {5}")
    @MethodSource("standardCases")
    void standardScalerMatchesTheReference(int rows, int features, Split split, boolean withMean, boolean withStd,
                                           long seed) {
        Random random = new Random(seed);
        double[][] x = matrix(random, rows, features);
        double[][] probe = matrix(random, 1 + random.nextInt(20), features);
        ScalerReference.Standard reference = new ScalerReference.Standard(withMean, withStd);
        Map<String, StandardScaler> scalers = new LinkedHashMap<>();
        for (Api api : Api.values()) {
            scalers.put(api.name(), new StandardScaler(withMean, withStd));
        }

        for (double[][] batch : batches(x, split, random)) {
            reference.partialFit(batch);
            scalers.forEach((api, scaler) -> {
                Api.valueOf(api).partialFit(scaler, batch, random);

                assertThat(scaler.nSamplesSeen()).as(api).isEqualTo(reference.nSamplesSeen);
                assertThat(scaler.nFeaturesIn()).as(api).isEqualTo(reference.nFeatures);
                if (withMean || withStd) {
                    assertSameBits(api + " mean", reference.mean, scaler.mean());
                }
                if (withStd) {
                    assertSameBits(api + " var", reference.var, scaler.var());
                    assertSameBits(api + " scale", reference.scale, scaler.scale());
                }
            });
        }
        scalers.forEach((api, scaler) -> assertTransformsMatch(api, scaler, x, probe, reference::transform,
                reference::inverseTransform));
    }

    /** Which form of {@code partialFit} a scaler learns through. */
    enum Api {
        ROWS, FLAT, MIXED;

        void partialFit(Scaler scaler, double[][] batch, Random random) {
            if (this == ROWS || this == MIXED && random.nextBoolean()) {
                scaler.partialFit(batch);
            } else {
                scaler.partialFit(flat(batch), batch[0].length);
            }
        }
    }

    /** Both forms of {@code transform} and {@code inverseTransform} give the reference's bits. */
    private static void assertTransformsMatch(String api, Scaler scaler, double[][] x, double[][] probe,
                                              UnaryOperator<double[][]> transform,
                                              UnaryOperator<double[][]> inverseTransform) {
        int features = x[0].length;
        assertSameBits(api + " transform(X)", transform.apply(x), scaler.transform(x));
        assertSameBits(api + " transform(probe)", transform.apply(probe), scaler.transform(probe));
        assertSameBits(api + " inverseTransform(probe)", inverseTransform.apply(probe),
                scaler.inverseTransform(probe));
        assertSameBits(api + " flat transform(X)", flat(transform.apply(x)), scaler.transform(flat(x), features));
        assertSameBits(api + " flat transform(probe)", flat(transform.apply(probe)),
                scaler.transform(flat(probe), features));
        assertSameBits(api + " flat inverseTransform(probe)", flat(inverseTransform.apply(probe)),
                scaler.inverseTransform(flat(probe), features));
    }

    // ---- generated cases (see Cases) -----------------------------------------------------------------------

    static Stream<Arguments> minMaxCases(TestInfo test) {
        return Cases.of(test, CASES, random -> arguments(between(random, 1, 300), between(random, 1, 6),
                oneOf(random, Split.values()), featureRange(random), random.nextLong()));
    }

    static Stream<Arguments> standardCases(TestInfo test) {
        return Cases.of(test, CASES, random -> arguments(between(random, 1, 300), between(random, 1, 6),
                oneOf(random, Split.values()), random.nextBoolean(), random.nextBoolean(), random.nextLong()));
    }

    /**
     * The default, sklearn fixtures' ranges, a narrow and a wide one (half the time), and random ones: a low end
     * with six decimals in [-1000, 1000) and a width of 10^-6 to 10^6.
     */
    static double[] featureRange(SplittableRandom random) {
        if (random.nextBoolean()) {
            return oneOf(random, new double[] {0, 1}, new double[] {-1, 1}, new double[] {-3, 5},
                    new double[] {1e-3, 2e-3}, new double[] {-1e6, 1e6});
        }
        double low = BigDecimal.valueOf(random.nextDouble(-1e3, 1e3)).setScale(6, RoundingMode.HALF_UP).doubleValue();
        return new double[] {low, low + Math.pow(10, between(random, -6, 6))};
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

    /** The rows of {@code x} one after another: the flat row-major layout. */
    static double[] flat(double[][] x) {
        return Arrays.stream(x).flatMapToDouble(Arrays::stream).toArray();
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
