package io.streamgrad.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link Gemm} three ways: against a double-precision triple loop within the rigorous error bound
 * of a length-k fma chain; bit for bit against the contract's summation order (a scalar fma chain over p,
 * starting from C or 0); and bit for bit across thread counts. Shapes cover every internal path: the
 * small-product loop, the skinny (few columns) path and the blocked path with ragged edges in m, n and k.
 */
class GemmTest {

    /** m, n, k: tiny, skinny, odd and blocked shapes, including several C tiles in each direction. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 1, 1), Arguments.of(1, 1, 3), Arguments.of(3, 4, 2), Arguments.of(2, 3, 0),
                Arguments.of(5, 1, 200), Arguments.of(300, 3, 70), Arguments.of(150, 15, 40),
                Arguments.of(67, 129, 33), Arguments.of(1, 300, 200), Arguments.of(129, 16, 20),
                Arguments.of(65, 1100, 19), Arguments.of(130, 600, 17), Arguments.of(256, 256, 256));
    }

    /** How an operand is laid out in its array. */
    enum Layout { ROW_MAJOR, TRANSPOSED }

    // ---- float32 ----

    @ParameterizedTest(name = "sgemm {0}x{1}x{2}")
    @MethodSource("shapes")
    void sgemmMatchesReferenceAndContractOrder(int m, int n, int k) {
        Random rnd = new Random(31L * m + 7L * n + k);
        for (Layout la : Layout.values()) {
            for (Layout lb : Layout.values()) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    checkFloat(rnd, m, n, k, la, lb, accumulate);
                }
            }
        }
    }

    private static void checkFloat(Random rnd, int m, int n, int k, Layout la, Layout lb, boolean accumulate) {
        FloatOperand a = FloatOperand.random(rnd, m, k, la);
        FloatOperand b = FloatOperand.random(rnd, k, n, lb);
        int cOff = 5;
        int ldc = n + 3;
        float[] c0 = new float[cOff + m * ldc + 4];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = accumulate ? rnd.nextFloat() * 2 - 1 : Float.NaN; // NaN must never leak when overwriting
        }
        float[] c1 = c0.clone();
        Gemm.sgemm(m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, c1, cOff, ldc, accumulate, 1);
        String what = m + "x" + n + "x" + k + " A " + la + " B " + lb + " accumulate " + accumulate;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float start = accumulate ? c0[cOff + i * ldc + j] : 0f;
                float chain = start;
                double exact = start;
                double magnitude = Math.abs(start);
                for (int p = 0; p < k; p++) {
                    chain = Math.fma(a.at(i, p), b.at(p, j), chain);
                    exact += (double) a.at(i, p) * b.at(p, j);
                    magnitude += Math.abs((double) a.at(i, p) * b.at(p, j));
                }
                float got = c1[cOff + i * ldc + j];
                assertThat(got).as("%s C[%d][%d] in contract order", what, i, j).isEqualTo(chain);
                assertThat((double) got).as("%s C[%d][%d] vs double", what, i, j)
                        .isCloseTo(exact, org.assertj.core.data.Offset.offset(bound(k, 0x1p-24) * magnitude + 1e-30));
            }
        }
        assertOutsideUntouched(c0, c1, cOff, ldc, m, n, what);
        for (int threads : new int[] {2, 3, 8}) {
            float[] ct = c0.clone();
            Gemm.sgemm(m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, ct, cOff, ldc, accumulate,
                    threads);
            assertThat(ct).as("%s with %d threads", what, threads).isEqualTo(c1);
        }
    }

    private record FloatOperand(float[] data, int off, int rs, int cs, int rows, int cols) {
        /** A rows×cols operand at offset 3 with a padded leading dimension, stored as {@code layout} says. */
        static FloatOperand random(Random rnd, int rows, int cols, Layout layout) {
            int off = 3;
            int ld = (layout == Layout.ROW_MAJOR ? cols : rows) + 2;
            int outer = layout == Layout.ROW_MAJOR ? rows : cols;
            float[] data = new float[off + outer * ld + 1];
            for (int i = 0; i < data.length; i++) {
                data[i] = rnd.nextFloat() * 2 - 1;
            }
            return layout == Layout.ROW_MAJOR
                    ? new FloatOperand(data, off, ld, 1, rows, cols)
                    : new FloatOperand(data, off, 1, ld, rows, cols);
        }

        float at(int r, int c) {
            return data[off + r * rs + c * cs];
        }
    }

    // ---- float64 ----

    @ParameterizedTest(name = "dgemm {0}x{1}x{2}")
    @MethodSource("shapes")
    void dgemmMatchesReferenceAndContractOrder(int m, int n, int k) {
        Random rnd = new Random(17L * m + 5L * n + k);
        for (Layout la : Layout.values()) {
            for (Layout lb : Layout.values()) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    checkDouble(rnd, m, n, k, la, lb, accumulate);
                }
            }
        }
    }

    private static void checkDouble(Random rnd, int m, int n, int k, Layout la, Layout lb, boolean accumulate) {
        DoubleOperand a = DoubleOperand.random(rnd, m, k, la);
        DoubleOperand b = DoubleOperand.random(rnd, k, n, lb);
        int cOff = 2;
        int ldc = n + 1;
        double[] c0 = new double[cOff + m * ldc + 3];
        for (int i = 0; i < c0.length; i++) {
            c0[i] = accumulate ? rnd.nextDouble() * 2 - 1 : Double.NaN;
        }
        double[] c1 = c0.clone();
        Gemm.dgemm(m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, c1, cOff, ldc, accumulate, 1);
        String what = m + "x" + n + "x" + k + " A " + la + " B " + lb + " accumulate " + accumulate;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double chain = accumulate ? c0[cOff + i * ldc + j] : 0d;
                double magnitude = Math.abs(chain);
                for (int p = 0; p < k; p++) {
                    chain = Math.fma(a.at(i, p), b.at(p, j), chain);
                    magnitude += Math.abs(a.at(i, p) * b.at(p, j));
                }
                double got = c1[cOff + i * ldc + j];
                assertThat(got).as("%s C[%d][%d] in contract order", what, i, j).isEqualTo(chain);
                // The naive loop in double is itself the reference here; its own error is within the bound.
                assertThat(got).as("%s C[%d][%d] vs naive", what, i, j).isCloseTo(
                        naive(a, b, i, j, k, accumulate ? c0[cOff + i * ldc + j] : 0d),
                        org.assertj.core.data.Offset.offset(2 * bound(k, 0x1p-53) * magnitude + 1e-300));
            }
        }
        for (int i = 0; i < c0.length; i++) {
            boolean inside = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
            if (!inside) {
                assertThat(Double.doubleToRawLongBits(c1[i])).as("%s C padding at %d", what, i)
                        .isEqualTo(Double.doubleToRawLongBits(c0[i]));
            }
        }
        for (int threads : new int[] {2, 3}) {
            double[] ct = c0.clone();
            Gemm.dgemm(m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, ct, cOff, ldc, accumulate,
                    threads);
            assertThat(ct).as("%s with %d threads", what, threads).isEqualTo(c1);
        }
    }

    private static double naive(DoubleOperand a, DoubleOperand b, int i, int j, int k, double start) {
        double s = start;
        for (int p = 0; p < k; p++) {
            s += a.at(i, p) * b.at(p, j);
        }
        return s;
    }

    private record DoubleOperand(double[] data, int off, int rs, int cs) {
        static DoubleOperand random(Random rnd, int rows, int cols, Layout layout) {
            int off = 1;
            int ld = (layout == Layout.ROW_MAJOR ? cols : rows) + 1;
            int outer = layout == Layout.ROW_MAJOR ? rows : cols;
            double[] data = new double[off + outer * ld + 1];
            for (int i = 0; i < data.length; i++) {
                data[i] = rnd.nextDouble() * 2 - 1;
            }
            return layout == Layout.ROW_MAJOR
                    ? new DoubleOperand(data, off, ld, 1)
                    : new DoubleOperand(data, off, 1, ld);
        }

        double at(int r, int c) {
            return data[off + r * rs + c * cs];
        }
    }

    // ---- special cases ----

    @Test
    void zeroStrideBroadcastsARowAndNegativeStrideReversesIt() {
        // A is one row broadcast to 3 rows (row stride 0); B's rows are read bottom-up (row stride -2).
        float[] a = {1, 2};
        float[] b = {10, 20, 30, 40};
        float[] c = new float[6];
        Gemm.sgemm(3, 2, 2, a, 0, 0, 1, b, 2, -2, 1, c, 0, 2, false, 1);
        // B as addressed = [[30, 40], [10, 20]]; every row of C = [1*30 + 2*10, 1*40 + 2*20]
        assertThat(c).containsExactly(50, 80, 50, 80, 50, 80);
    }

    @Test
    void emptyReductionZeroesOrKeepsC() {
        float[] c = {Float.NaN, 7};
        Gemm.sgemm(1, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, 2, true, 1);
        assertThat(c).containsExactly(Float.NaN, 7);
        Gemm.sgemm(1, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, 2, false, 1);
        assertThat(c).containsExactly(0, 0);
        double[] d = {Double.NaN};
        Gemm.dgemm(1, 1, 0, new double[0], 0, 0, 1, new double[0], 0, 1, 1, d, 0, 1, false, 2);
        assertThat(d).containsExactly(0);
    }

    @Test
    void emptyOutputIsANoOpEvenWithEmptyArrays() {
        Gemm.sgemm(0, 5, 3, new float[0], 0, 3, 1, new float[15], 0, 5, 1, new float[0], 0, 5, false, 1);
        Gemm.dgemm(4, 0, 3, new double[12], 0, 3, 1, new double[0], 0, 0, 1, new double[0], 0, 0, true, 1);
    }

    @Test
    void rejectsBadArguments() {
        float[] x = new float[4];
        assertThatThrownBy(() -> Gemm.sgemm(-1, 1, 1, x, 0, 1, 1, x, 0, 1, 1, x, 0, 1, false, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Gemm.sgemm(1, 1, 1, x, 0, 1, 1, x, 0, 1, 1, new float[1], 0, 1, false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
        assertThatThrownBy(() -> Gemm.sgemm(2, 2, 2, x, 1, 2, 1, x, 0, 2, 1, new float[4], 0, 2, false, 1))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("A");
        assertThatThrownBy(() -> Gemm.dgemm(2, 2, 2, new double[4], 0, 2, 1, new double[4], 0, 2, 1,
                new double[4], -1, 2, false, 1))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("C");
    }

    @Test
    void defaultThreadsFollowsTheSystemProperty() {
        String old = System.getProperty(Gemm.THREADS_PROPERTY);
        try {
            System.clearProperty(Gemm.THREADS_PROPERTY);
            assertThat(Gemm.defaultThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
            System.setProperty(Gemm.THREADS_PROPERTY, "3");
            assertThat(Gemm.defaultThreads()).isEqualTo(3);
            System.setProperty(Gemm.THREADS_PROPERTY, "0");
            assertThat(Gemm.defaultThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        } finally {
            if (old == null) {
                System.clearProperty(Gemm.THREADS_PROPERTY);
            } else {
                System.setProperty(Gemm.THREADS_PROPERTY, old);
            }
        }
    }

    @Test
    void tinyProductsAllocateNothing() {
        // The engine multiplies 1×3 by 3×1 in hot loops: that path must not allocate.
        float[] a = {1, 2, 3};
        float[] b = {4, 5, 6};
        float[] c = new float[1];
        double[] ad = {1, 2, 3};
        double[] cd = new double[1];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        for (int warm = 0; warm < 3; warm++) {
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000; i++) {
                Gemm.sgemm(1, 1, 3, a, 0, 3, 1, b, 0, 1, 1, c, 0, 1, false, 1);
                Gemm.dgemm(1, 1, 3, ad, 0, 3, 1, ad, 0, 1, 1, cd, 0, 1, true, 1);
            }
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            if (warm == 2) {
                // A few hundred bytes of slack for the profiler's own bookkeeping, far below one call's worth.
                assertThat(allocated).as("bytes allocated by 200000 tiny products").isLessThan(10_000);
            }
        }
        assertThat(c[0]).isEqualTo(32f);
    }

    @Test
    void largeProductIsIdenticalForAnyThreadCount() {
        int m = 200;
        int n = 1030;
        int k = 300;
        Random rnd = new Random(99);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextGaussian();
        }
        float[] one = new float[m * n];
        Gemm.sgemm(m, n, k, a, 0, k, 1, b, 0, n, 1, one, 0, n, false, 1);
        for (int threads : new int[] {2, 4, 7}) {
            float[] many = new float[m * n];
            Gemm.sgemm(m, n, k, a, 0, k, 1, b, 0, n, 1, many, 0, n, false, threads);
            assertThat(Arrays.equals(one, many)).as("%d threads", threads).isTrue();
        }
    }

    // ---- helpers ----

    /** γ_k = k·u / (1 − k·u): the worst-case relative error of a length-k dot product (plus one for C). */
    private static double bound(int k, double unitRoundoff) {
        double ku = (k + 1) * unitRoundoff;
        return ku / (1 - ku);
    }

    private static void assertOutsideUntouched(float[] before, float[] after, int cOff, int ldc, int m, int n,
                                               String what) {
        for (int i = 0; i < before.length; i++) {
            boolean inside = i >= cOff && (i - cOff) / ldc < m && (i - cOff) % ldc < n;
            if (!inside) {
                assertThat(Float.floatToRawIntBits(after[i])).as("%s C padding at %d", what, i)
                        .isEqualTo(Float.floatToRawIntBits(before[i]));
            }
        }
    }
}
