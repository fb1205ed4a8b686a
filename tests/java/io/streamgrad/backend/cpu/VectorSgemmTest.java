package io.streamgrad.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.streamgrad.backend.cpu.FloatMatrix.Layout;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernel gives exactly the bits of the plain kernel and of the contract's fma chain
 * ({@link FloatMatrix#contractProduct}), whatever the shape, layout, strides, offsets, thread count or tiling.
 * Every product here is on {@link Gemm#sgemm}'s blocked path (n >= 16 and more than 32³ multiply-adds),
 * the only path the two kernels do not share. The C array starts as NaN when the product overwrites it (no
 * NaN may leak) and as random values when it accumulates; the whole array is compared, so the padding
 * around C's region must come back untouched.
 */
class VectorSgemmTest {

    private static final int[] THREADS = {1, 2, 3, 8};

    @BeforeAll
    static void requireTheVectorModule() {
        assertThat(SgemmKernel.vectorModulePresent())
                .as("this JVM lacks jdk.incubator.vector: run the tests with --add-modules jdk.incubator.vector"
                        + " (Maven's surefire does, through the pom's streamgrad.jvm.flags)")
                .isTrue();
    }

    /**
     * m, n, k: whole and partial micro-tiles (8×32 floats with AVX-512, 8×16 with AVX2), one and several
     * blocks of k (256), several column panels (1024) and several row bands (1024) on one thread.
     */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(8, 32, 129),
                Arguments.of(64, 64, 256),
                Arguments.of(65, 33, 257),
                Arguments.of(7, 17, 300),
                Arguments.of(3, 16, 700),
                Arguments.of(200, 300, 513),
                Arguments.of(130, 1030, 40),
                Arguments.of(33, 2049, 9),
                Arguments.of(1030, 20, 40),
                Arguments.of(256, 256, 256));
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("shapes")
    void givesThePlainKernelsBitsOnEveryShape(int m, int n, int k) {
        Random rnd = new Random(31L * m + 7L * n + k);
        for (Layout layout : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED}) {
            for (boolean accumulate : new boolean[] {false, true}) {
                FloatMatrix a = FloatMatrix.random(rnd, m, k, layout);
                FloatMatrix b = FloatMatrix.random(rnd, k, n, layout);
                FloatMatrix c = FloatMatrix.output(rnd, m, n, false, accumulate, Float.NaN);
                assertBothKernelsGiveTheContract(a, b, c, accumulate, THREADS, layout + " accumulate " + accumulate);
            }
        }
    }

    @Test
    void givesThePlainKernelsBitsForEveryLayoutAndStride() {
        // Ragged in m, n and k, with k crossing a block boundary; C's rows forwards and backwards.
        int m = 21;
        int n = 45;
        int k = 259;
        Random rnd = new Random(7);
        for (Layout la : Layout.values()) {
            for (Layout lb : Layout.values()) {
                for (boolean reversedC : new boolean[] {false, true}) {
                    for (boolean accumulate : new boolean[] {false, true}) {
                        FloatMatrix a = FloatMatrix.random(rnd, m, k, la);
                        FloatMatrix b = FloatMatrix.random(rnd, k, n, lb);
                        FloatMatrix c = FloatMatrix.output(rnd, m, n, reversedC, accumulate, Float.NaN);
                        assertBothKernelsGiveTheContract(a, b, c, accumulate, new int[] {1, 2},
                                "A " + la + " B " + lb + " C reversed " + reversedC + " accumulate " + accumulate);
                    }
                }
            }
        }
    }

    @Test
    void tilingAndTileOrderDoNotChangeTheBits() {
        // Row bands sized for 1 to 16 threads, all tiles computed on this thread, last to first.
        Random rnd = new Random(11);
        FloatMatrix a = FloatMatrix.random(rnd, 150, 600, Layout.ROW_MAJOR);
        FloatMatrix b = FloatMatrix.random(rnd, 600, 1100, Layout.ROW_MAJOR);
        FloatMatrix c = FloatMatrix.output(rnd, 150, 1100, false, true, 0f);
        float[] expected = FloatMatrix.contractProduct(a, b, c, true);
        for (int threads : new int[] {1, 2, 3, 5, 16}) {
            FloatMatrix out = c.copy();
            VectorSgemm product = new VectorSgemm(150, 1100, 600, a.data(), a.off(), a.rs(), a.cs(),
                    b.data(), b.off(), b.rs(), b.cs(), out.data(), out.off(), out.rs(), true, threads);
            for (int t = product.tiles() - 1; t >= 0; t--) {
                product.tile(t);
            }
            assertSameBits(expected, out.data(), "tiles for " + threads + " threads, in reverse");
        }
    }

    @Test
    void specialValuesPropagateAlike() {
        // NaN, infinities, products that overflow, subnormals and signed zeros among ordinary values.
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e30f, -3e30f,
                Float.MIN_VALUE, -Float.MIN_NORMAL / 3, 0f, -0f};
        Random rnd = new Random(5);
        FloatMatrix a = sprinkle(FloatMatrix.random(rnd, 40, 45, Layout.ROW_MAJOR), specials, rnd);
        FloatMatrix b = sprinkle(FloatMatrix.random(rnd, 45, 50, Layout.TRANSPOSED), specials, rnd);
        for (boolean accumulate : new boolean[] {false, true}) {
            FloatMatrix c = sprinkle(FloatMatrix.output(rnd, 40, 50, false, true, 0f), specials, rnd);
            assertBothKernelsGiveTheContract(a, b, c, accumulate, new int[] {1, 2}, "accumulate " + accumulate);
        }
    }

    /** Runs both kernels on copies of C, for each thread count, and compares each whole array with the contract. */
    private static void assertBothKernelsGiveTheContract(FloatMatrix a, FloatMatrix b, FloatMatrix c,
                                                         boolean accumulate, int[] threadCounts, String what) {
        float[] expected = FloatMatrix.contractProduct(a, b, c, accumulate);
        for (SgemmKernel kernel : SgemmKernel.values()) {
            for (int threads : threadCounts) {
                FloatMatrix out = c.copy();
                Gemm.sgemm(kernel, c.rows(), c.cols(), a.cols(), a.data(), a.off(), a.rs(), a.cs(),
                        b.data(), b.off(), b.rs(), b.cs(), out.data(), out.off(), out.rs(), accumulate, threads);
                assertSameBits(expected, out.data(), c.rows() + "x" + c.cols() + "x" + a.cols() + " " + what + ", "
                        + kernel + " kernel, " + threads + " threads");
            }
        }
    }

    /** Equal as {@link Float#floatToIntBits} sees them: -0 differs from 0, every NaN equals every NaN. */
    private static void assertSameBits(float[] expected, float[] actual, String what) {
        int at = Arrays.mismatch(expected, actual);
        if (at >= 0) {
            fail("%s: first difference at index %d: expected %s (0x%08x), got %s (0x%08x)", what, at, expected[at],
                    Float.floatToRawIntBits(expected[at]), actual[at], Float.floatToRawIntBits(actual[at]));
        }
    }

    /** Replaces about one value in a hundred with a special one: enough that most chains stay finite. */
    private static FloatMatrix sprinkle(FloatMatrix m, float[] specials, Random rnd) {
        float[] data = m.data();
        for (int i = 0; i < data.length; i++) {
            if (rnd.nextInt(100) == 0) {
                data[i] = specials[rnd.nextInt(specials.length)];
            }
        }
        return m;
    }
}
