package io.streamgrad.backend.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dense matrix multiply kernels for the CPU backend: {@code C[m×n] (+)= A[m×k] · B[k×n]} in float32
 * ({@link #sgemm}) and float64 ({@link #dgemm}).
 *
 * <h2>Addressing</h2>
 * Every operand is addressed through explicit strides, so transposed and sliced views need no copy:
 * element {@code A[i][p]} is {@code a[aOff + i*aRowStride + p*aColStride]}, {@code B[p][j]} is
 * {@code b[bOff + p*bRowStride + j*bColStride]} and {@code C[i][j]} is {@code c[cOff + i*cRowStride + j]}
 * (C's column stride is 1). Strides of A and B may be any value, including 0 (broadcast) or negative. The
 * region of {@code c} that is written must not overlap the regions of {@code a} or {@code b} that are read,
 * nor may C's rows overlap one another ({@code |cRowStride| >= n} when {@code m > 1}).
 *
 * <h2>Numerics and determinism</h2>
 * Every element is computed as one fused-multiply-add chain in a fixed order:
 * {@code s = accumulate ? C[i][j] : 0; for p = 0..k-1: s = fma(A[i][p], B[p][j], s); C[i][j] = s}.
 * All code paths (the small-size path, the skinny path and the blocked path, any tile, any thread) follow
 * exactly this order, so results are bit-identical whatever the thread count, the tiling, or the path
 * chosen. Parallelism only ever splits the output C into tiles, never the reduction over k.
 * The kernels rely on {@link Math#fma} being a hardware instruction (x86-64 with FMA3, AArch64); HotSpot
 * vectorizes the inner loops with it.
 *
 * <h2>The Vector API kernel</h2>
 * When the JVM runs with {@code --add-modules jdk.incubator.vector} (the {@code ./streamgrad} launcher and the
 * build's test JVMs do) and the CPU's vectors hold at least 8 floats (AVX2, AVX-512), the blocked float32
 * path uses a register-blocked kernel on the incubating Vector API (1.5 to 2 times as fast on AVX-512, see
 * BENCHMARKS.md); it computes the same fma chains, so results are bit-identical to the plain kernel's.
 * Without the module the plain kernel runs and nothing of the Vector API is loaded. Set system property
 * {@value #VECTOR_PROPERTY} to {@code false} to force the plain kernel (read once, on the first call). The
 * JVM prints {@code WARNING: Using incubator modules: jdk.incubator.vector} at startup when the module is
 * added; that is expected. float64 always uses the plain kernel.
 *
 * <h2>Threading</h2>
 * {@code threads == 1} runs entirely on the calling thread. With more, the caller works alongside up to
 * {@code threads-1} tasks on a shared pool of daemon threads (one per available processor); tiles of C
 * are handed out dynamically, and fewer threads are used when the product is too small to pay for them.
 * The methods are thread-safe: concurrent calls on disjoint outputs are fine. Each thread that runs the
 * blocked path keeps its packing buffers for reuse by later calls: about 300 KB for the plain kernels (per
 * element type), about 1.1 MB for the Vector API kernel.
 *
 * <h2>Performance notes</h2>
 * The plain blocked path copies C into per-thread row buffers and B into per-thread row panels, one separate
 * array per row. HotSpot's auto-vectorizer (C2 SuperWord) only vectorizes a loop whose memory accesses it
 * can prove independent; accesses {@code x[j]} and {@code y[j]} with the same index are always safe even if
 * {@code x == y}, whereas {@code c[off + j]} next to {@code b[off2 + j]} is not provable and stays scalar.
 * The micro-kernel then updates two C rows from eight B rows per pass ({@code k} unrolled by 8), so each C
 * element is loaded and stored once per eight FMAs.
 *
 * <p>The float32 ({@code FloatProblem}, {@code smallF}) and float64 ({@code DoubleProblem}, {@code smallD})
 * kernels are twins, line for line, on purpose — as {@code java.util.Arrays} repeats its sorts per primitive
 * type: Java generics do not specialize over {@code float[]} and {@code double[]}, and a loop reached through an
 * interface or a boxed element type is not vectorized. A change to one must be made to the other;
 * {@code GemmTest} runs the same cases on both.
 */
public final class Gemm {

    /** System property that overrides {@link #defaultThreads()}. */
    public static final String THREADS_PROPERTY = "streamgrad.cpu.threads";

    /** System property that, set to {@code false}, keeps float32 off the Vector API kernel (see above). */
    public static final String VECTOR_PROPERTY = "streamgrad.cpu.vector";

    /** Products with at most this many multiply-adds run the plain loop on the calling thread. */
    private static final long SMALL_WORK = 32 * 32 * 32;
    /** Below this many columns of C a vector loop over columns does not pay; use dot products instead. */
    private static final int SKINNY_COLS = 16;
    /** Multiply-adds below which extra threads cost more than they save. */
    private static final long MIN_WORK_PER_THREAD = 64 * 64 * 64;
    /** B rows (values of p) consumed per micro-kernel pass. */
    private static final int KU = 8;
    /** C rows per tile. */
    private static final int MC = 64;
    /** C columns per tile, float32: eight B rows of this length plus two C rows stay in L1 (48 KiB+). */
    private static final int NC_FLOAT = 1024;
    /** C columns per tile, float64: same bytes as float32. */
    private static final int NC_DOUBLE = 512;
    /** How long a caller spins for helpers to finish before it blocks. */
    private static final long SPIN_NANOS = 2_000_000;
    /** Rows of C per task on the skinny path. */
    private static final int SKINNY_ROWS = 64;

    private Gemm() {
    }

    /**
     * The thread count callers should pass by default: {@link Runtime#availableProcessors()}, or the
     * value of system property {@value #THREADS_PROPERTY} when that is set to a positive integer.
     */
    public static int defaultThreads() {
        Integer configured = Integer.getInteger(THREADS_PROPERTY);
        if (configured != null && configured > 0) {
            return configured;
        }
        return Runtime.getRuntime().availableProcessors();
    }

    // ------------------------------------------------------------------------------------------------
    // float32
    // ------------------------------------------------------------------------------------------------

    /**
     * {@code C[m×n] (+)= A[m×k] · B[k×n]} in float32; see the class comment for addressing, the summation
     * order and threading.
     *
     * @param accumulate {@code true} adds the product to C, {@code false} overwrites C (C's old values,
     *                   even NaN, are then never read)
     * @param threads    the most threads to use, including the caller; {@code >= 1}. The result does not
     *                   depend on it.
     * @throws IllegalArgumentException  if a dimension is negative or {@code threads < 1}
     * @throws IndexOutOfBoundsException if an operand's addressed region falls outside its array
     */
    public static void sgemm(int m, int n, int k,
                             float[] a, int aOff, int aRowStride, int aColStride,
                             float[] b, int bOff, int bRowStride, int bColStride,
                             float[] c, int cOff, int cRowStride,
                             boolean accumulate, int threads) {
        sgemm(SgemmKernel.selected(), m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride,
                c, cOff, cRowStride, accumulate, threads);
    }

    /** As the public {@code sgemm}, with the blocked path's kernel named by the caller (tests compare them). */
    static void sgemm(SgemmKernel kernel, int m, int n, int k,
                      float[] a, int aOff, int aRowStride, int aColStride,
                      float[] b, int bOff, int bRowStride, int bColStride,
                      float[] c, int cOff, int cRowStride,
                      boolean accumulate, int threads) {
        checkArgs(m, n, k, threads);
        checkRegion("A", a.length, aOff, m, k, aRowStride, aColStride);
        checkRegion("B", b.length, bOff, k, n, bRowStride, bColStride);
        checkRegion("C", c.length, cOff, m, n, cRowStride, 1);
        if (m == 0 || n == 0) {
            return;
        }
        long work = (long) m * n * k;
        if (work <= SMALL_WORK) {
            smallF(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride,
                    c, cOff, cRowStride, accumulate);
            return;
        }
        int workers = threadsFor(threads, work);
        if (n >= SKINNY_COLS && kernel == SgemmKernel.VECTOR) {
            VectorSgemm vp = new VectorSgemm(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride,
                    bColStride, c, cOff, cRowStride, accumulate, workers);
            runTiles(vp.tiles(), workers, vp::tile);
            return;
        }
        FloatProblem pr = new FloatProblem(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride,
                c, cOff, cRowStride, accumulate);
        if (n < SKINNY_COLS) {
            runTiles(ceilDiv(m, SKINNY_ROWS), workers, pr::skinnyTile);
        } else {
            runTiles(pr.rowTiles * pr.colTiles, workers, pr::blockedTile);
        }
    }

    /** Plain loops for tiny products: no allocation, no threads; the engine calls this in hot loops. */
    private static void smallF(int m, int n, int k,
                               float[] a, int aOff, int aRs, int aCs,
                               float[] b, int bOff, int bRs, int bCs,
                               float[] c, int cOff, int cRs, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRs;
            int ci = cOff + i * cRs;
            for (int j = 0; j < n; j++) {
                float s = accumulate ? c[ci + j] : 0f;
                int ap = ai;
                int bp = bOff + j * bCs;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ap], b[bp], s);
                    ap += aCs;
                    bp += bRs;
                }
                c[ci + j] = s;
            }
        }
    }

    /** One float32 problem, split into tiles that any thread may compute in any order. */
    private static final class FloatProblem {
        private static final ThreadLocal<FloatScratch> SCRATCH = ThreadLocal.withInitial(FloatScratch::new);

        final int m, n, k;
        final float[] a, b, c;
        final int aOff, aRs, aCs, bOff, bRs, bCs, cOff, cRs;
        final boolean accumulate;
        final int rowTiles, colTiles, nc;

        FloatProblem(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                     float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int cRs, boolean accumulate) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.aRs = aRs;
            this.aCs = aCs;
            this.b = b;
            this.bOff = bOff;
            this.bRs = bRs;
            this.bCs = bCs;
            this.c = c;
            this.cOff = cOff;
            this.cRs = cRs;
            this.accumulate = accumulate;
            // Equal-width column tiles (rather than full tiles plus a sliver) keep every pass long.
            this.colTiles = ceilDiv(n, NC_FLOAT);
            this.nc = ceilDiv(n, colTiles);
            this.rowTiles = ceilDiv(m, MC);
        }

        /** Computes C tile {@code t} (row-major over the tile grid). */
        void blockedTile(int t) {
            int i0 = (t / colTiles) * MC;
            int j0 = (t % colTiles) * nc;
            int rows = Math.min(MC, m - i0);
            int cols = Math.min(nc, n - j0);
            FloatScratch s = SCRATCH.get().ensure(MC, nc);
            loadC(s.c, i0, rows, j0, cols);
            int p = 0;
            for (; p + KU <= k; p += KU) {
                packB(s.b, p, KU, j0, cols);
                int r = 0;
                for (; r + 2 <= rows; r += 2) {
                    loadA(s.av, i0 + r, p, KU, 0);
                    loadA(s.av, i0 + r + 1, p, KU, KU);
                    kernel2x8(s.c[r], s.c[r + 1], s.b, s.av, cols);
                }
                if (r < rows) {
                    loadA(s.av, i0 + r, p, KU, 0);
                    kernel1x8(s.c[r], s.b, s.av, cols);
                }
            }
            for (; p < k; p++) {
                packB(s.b, p, 1, j0, cols);
                float[] b0 = s.b[0];
                for (int r = 0; r < rows; r++) {
                    axpy(s.c[r], a[aOff + (i0 + r) * aRs + p * aCs], b0, cols);
                }
            }
            storeC(s.c, i0, rows, j0, cols);
        }

        /** Copies (or zeroes) the C tile into the row buffers: the fma chain starts from it. */
        private void loadC(float[][] rowsBuf, int i0, int rows, int j0, int cols) {
            for (int r = 0; r < rows; r++) {
                if (accumulate) {
                    System.arraycopy(c, cOff + (i0 + r) * cRs + j0, rowsBuf[r], 0, cols);
                } else {
                    Arrays.fill(rowsBuf[r], 0, cols, 0f);
                }
            }
        }

        private void storeC(float[][] rowsBuf, int i0, int rows, int j0, int cols) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(rowsBuf[r], 0, c, cOff + (i0 + r) * cRs + j0, cols);
            }
        }

        /** Copies B rows p..p+count-1, columns j0..j0+cols-1, into separate contiguous panel rows. */
        private void packB(float[][] panel, int p, int count, int j0, int cols) {
            int base = bOff + p * bRs + j0 * bCs;
            if (bCs == 1) {
                for (int q = 0; q < count; q++) {
                    System.arraycopy(b, base + q * bRs, panel[q], 0, cols);
                }
            } else {
                // Column-strided B (e.g. a transposed view): walk down each column so that the
                // `count` values read per column are as close together in memory as B allows.
                for (int j = 0; j < cols; j++) {
                    int src = base + j * bCs;
                    for (int q = 0; q < count; q++) {
                        panel[q][j] = b[src + q * bRs];
                    }
                }
            }
        }

        /** av[at..at+count-1] = A[i][p..p+count-1]. */
        private void loadA(float[] av, int i, int p, int count, int at) {
            int src = aOff + i * aRs + p * aCs;
            for (int q = 0; q < count; q++) {
                av[at + q] = a[src + q * aCs];
            }
        }

        /** Computes rows {@code [t*SKINNY_ROWS, ...)} of a C with few columns as independent dot products. */
        void skinnyTile(int t) {
            int i0 = t * SKINNY_ROWS;
            int i1 = Math.min(m, i0 + SKINNY_ROWS);
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * cRs;
                int ai = aOff + i * aRs;
                int j = 0;
                // Four columns at once: four independent fma chains hide the fma latency.
                for (; j + 4 <= n; j += 4) {
                    float s0 = accumulate ? c[ci + j] : 0f;
                    float s1 = accumulate ? c[ci + j + 1] : 0f;
                    float s2 = accumulate ? c[ci + j + 2] : 0f;
                    float s3 = accumulate ? c[ci + j + 3] : 0f;
                    int ap = ai;
                    int bp = bOff + j * bCs;
                    for (int p = 0; p < k; p++) {
                        float x = a[ap];
                        s0 = Math.fma(x, b[bp], s0);
                        s1 = Math.fma(x, b[bp + bCs], s1);
                        s2 = Math.fma(x, b[bp + 2 * bCs], s2);
                        s3 = Math.fma(x, b[bp + 3 * bCs], s3);
                        ap += aCs;
                        bp += bRs;
                    }
                    c[ci + j] = s0;
                    c[ci + j + 1] = s1;
                    c[ci + j + 2] = s2;
                    c[ci + j + 3] = s3;
                }
                for (; j < n; j++) {
                    float s = accumulate ? c[ci + j] : 0f;
                    int ap = ai;
                    int bp = bOff + j * bCs;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(a[ap], b[bp], s);
                        ap += aCs;
                        bp += bRs;
                    }
                    c[ci + j] = s;
                }
            }
        }
    }

    /** Per-thread buffers for the float32 blocked path, grown on demand and reused across calls. */
    private static final class FloatScratch {
        float[][] c = new float[0][];
        float[][] b = new float[KU][0];
        final float[] av = new float[2 * KU];

        FloatScratch ensure(int rows, int cols) {
            if (c.length < rows || c[0].length < cols) {
                c = new float[rows][cols];
                b = new float[KU][cols];
            }
            return this;
        }
    }

    /**
     * c0[j] and c1[j] each get eight fma steps, with A values av[0..7] (row 0) and av[8..15] (row 1)
     * against panel rows b[0..7]. Nested fma keeps the order p, p+1, ..., p+7 of the contract.
     */
    private static void kernel2x8(float[] c0, float[] c1, float[][] b, float[] av, int cols) {
        float[] b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7];
        float x0 = av[0], x1 = av[1], x2 = av[2], x3 = av[3], x4 = av[4], x5 = av[5], x6 = av[6], x7 = av[7];
        float y0 = av[8], y1 = av[9], y2 = av[10], y3 = av[11];
        float y4 = av[12], y5 = av[13], y6 = av[14], y7 = av[15];
        for (int j = 0; j < cols; j++) {
            float v0 = b0[j], v1 = b1[j], v2 = b2[j], v3 = b3[j];
            float v4 = b4[j], v5 = b5[j], v6 = b6[j], v7 = b7[j];
            float s = c0[j];
            s = Math.fma(x0, v0, s);
            s = Math.fma(x1, v1, s);
            s = Math.fma(x2, v2, s);
            s = Math.fma(x3, v3, s);
            s = Math.fma(x4, v4, s);
            s = Math.fma(x5, v5, s);
            s = Math.fma(x6, v6, s);
            s = Math.fma(x7, v7, s);
            c0[j] = s;
            float t = c1[j];
            t = Math.fma(y0, v0, t);
            t = Math.fma(y1, v1, t);
            t = Math.fma(y2, v2, t);
            t = Math.fma(y3, v3, t);
            t = Math.fma(y4, v4, t);
            t = Math.fma(y5, v5, t);
            t = Math.fma(y6, v6, t);
            t = Math.fma(y7, v7, t);
            c1[j] = t;
        }
    }

    /** One-row version of {@link #kernel2x8(float[], float[], float[][], float[], int)} for an odd row. */
    private static void kernel1x8(float[] c0, float[][] b, float[] av, int cols) {
        float[] b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7];
        float x0 = av[0], x1 = av[1], x2 = av[2], x3 = av[3], x4 = av[4], x5 = av[5], x6 = av[6], x7 = av[7];
        for (int j = 0; j < cols; j++) {
            float s = c0[j];
            s = Math.fma(x0, b0[j], s);
            s = Math.fma(x1, b1[j], s);
            s = Math.fma(x2, b2[j], s);
            s = Math.fma(x3, b3[j], s);
            s = Math.fma(x4, b4[j], s);
            s = Math.fma(x5, b5[j], s);
            s = Math.fma(x6, b6[j], s);
            s = Math.fma(x7, b7[j], s);
            c0[j] = s;
        }
    }

    /** c[j] = fma(x, b[j], c[j]): one step of p, for the k % 8 leftover. */
    private static void axpy(float[] c, float x, float[] b, int cols) {
        for (int j = 0; j < cols; j++) {
            c[j] = Math.fma(x, b[j], c[j]);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // float64: the same algorithm as float32, line for line (Java has no generics over primitives).
    // ------------------------------------------------------------------------------------------------

    /**
     * {@code C[m×n] (+)= A[m×k] · B[k×n]} in float64; same contract as
     * {@link #sgemm(int, int, int, float[], int, int, int, float[], int, int, int, float[], int, int, boolean, int)}.
     */
    public static void dgemm(int m, int n, int k,
                             double[] a, int aOff, int aRowStride, int aColStride,
                             double[] b, int bOff, int bRowStride, int bColStride,
                             double[] c, int cOff, int cRowStride,
                             boolean accumulate, int threads) {
        checkArgs(m, n, k, threads);
        checkRegion("A", a.length, aOff, m, k, aRowStride, aColStride);
        checkRegion("B", b.length, bOff, k, n, bRowStride, bColStride);
        checkRegion("C", c.length, cOff, m, n, cRowStride, 1);
        if (m == 0 || n == 0) {
            return;
        }
        long work = (long) m * n * k;
        if (work <= SMALL_WORK) {
            smallD(m, n, k, a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride,
                    c, cOff, cRowStride, accumulate);
            return;
        }
        DoubleProblem pr = new DoubleProblem(m, n, k, a, aOff, aRowStride, aColStride,
                b, bOff, bRowStride, bColStride, c, cOff, cRowStride, accumulate);
        if (n < SKINNY_COLS) {
            runTiles(ceilDiv(m, SKINNY_ROWS), threadsFor(threads, work), pr::skinnyTile);
        } else {
            runTiles(pr.rowTiles * pr.colTiles, threadsFor(threads, work), pr::blockedTile);
        }
    }

    private static void smallD(int m, int n, int k,
                               double[] a, int aOff, int aRs, int aCs,
                               double[] b, int bOff, int bRs, int bCs,
                               double[] c, int cOff, int cRs, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRs;
            int ci = cOff + i * cRs;
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[ci + j] : 0d;
                int ap = ai;
                int bp = bOff + j * bCs;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ap], b[bp], s);
                    ap += aCs;
                    bp += bRs;
                }
                c[ci + j] = s;
            }
        }
    }

    private static final class DoubleProblem {
        private static final ThreadLocal<DoubleScratch> SCRATCH = ThreadLocal.withInitial(DoubleScratch::new);

        final int m, n, k;
        final double[] a, b, c;
        final int aOff, aRs, aCs, bOff, bRs, bCs, cOff, cRs;
        final boolean accumulate;
        final int rowTiles, colTiles, nc;

        DoubleProblem(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                      double[] b, int bOff, int bRs, int bCs, double[] c, int cOff, int cRs, boolean accumulate) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = a;
            this.aOff = aOff;
            this.aRs = aRs;
            this.aCs = aCs;
            this.b = b;
            this.bOff = bOff;
            this.bRs = bRs;
            this.bCs = bCs;
            this.c = c;
            this.cOff = cOff;
            this.cRs = cRs;
            this.accumulate = accumulate;
            this.colTiles = ceilDiv(n, NC_DOUBLE);
            this.nc = ceilDiv(n, colTiles);
            this.rowTiles = ceilDiv(m, MC);
        }

        void blockedTile(int t) {
            int i0 = (t / colTiles) * MC;
            int j0 = (t % colTiles) * nc;
            int rows = Math.min(MC, m - i0);
            int cols = Math.min(nc, n - j0);
            DoubleScratch s = SCRATCH.get().ensure(MC, nc);
            loadC(s.c, i0, rows, j0, cols);
            int p = 0;
            for (; p + KU <= k; p += KU) {
                packB(s.b, p, KU, j0, cols);
                int r = 0;
                for (; r + 2 <= rows; r += 2) {
                    loadA(s.av, i0 + r, p, KU, 0);
                    loadA(s.av, i0 + r + 1, p, KU, KU);
                    kernel2x8(s.c[r], s.c[r + 1], s.b, s.av, cols);
                }
                if (r < rows) {
                    loadA(s.av, i0 + r, p, KU, 0);
                    kernel1x8(s.c[r], s.b, s.av, cols);
                }
            }
            for (; p < k; p++) {
                packB(s.b, p, 1, j0, cols);
                double[] b0 = s.b[0];
                for (int r = 0; r < rows; r++) {
                    axpy(s.c[r], a[aOff + (i0 + r) * aRs + p * aCs], b0, cols);
                }
            }
            storeC(s.c, i0, rows, j0, cols);
        }

        private void loadC(double[][] rowsBuf, int i0, int rows, int j0, int cols) {
            for (int r = 0; r < rows; r++) {
                if (accumulate) {
                    System.arraycopy(c, cOff + (i0 + r) * cRs + j0, rowsBuf[r], 0, cols);
                } else {
                    Arrays.fill(rowsBuf[r], 0, cols, 0d);
                }
            }
        }

        private void storeC(double[][] rowsBuf, int i0, int rows, int j0, int cols) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(rowsBuf[r], 0, c, cOff + (i0 + r) * cRs + j0, cols);
            }
        }

        private void packB(double[][] panel, int p, int count, int j0, int cols) {
            int base = bOff + p * bRs + j0 * bCs;
            if (bCs == 1) {
                for (int q = 0; q < count; q++) {
                    System.arraycopy(b, base + q * bRs, panel[q], 0, cols);
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int src = base + j * bCs;
                    for (int q = 0; q < count; q++) {
                        panel[q][j] = b[src + q * bRs];
                    }
                }
            }
        }

        private void loadA(double[] av, int i, int p, int count, int at) {
            int src = aOff + i * aRs + p * aCs;
            for (int q = 0; q < count; q++) {
                av[at + q] = a[src + q * aCs];
            }
        }

        void skinnyTile(int t) {
            int i0 = t * SKINNY_ROWS;
            int i1 = Math.min(m, i0 + SKINNY_ROWS);
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * cRs;
                int ai = aOff + i * aRs;
                int j = 0;
                for (; j + 4 <= n; j += 4) {
                    double s0 = accumulate ? c[ci + j] : 0d;
                    double s1 = accumulate ? c[ci + j + 1] : 0d;
                    double s2 = accumulate ? c[ci + j + 2] : 0d;
                    double s3 = accumulate ? c[ci + j + 3] : 0d;
                    int ap = ai;
                    int bp = bOff + j * bCs;
                    for (int p = 0; p < k; p++) {
                        double x = a[ap];
                        s0 = Math.fma(x, b[bp], s0);
                        s1 = Math.fma(x, b[bp + bCs], s1);
                        s2 = Math.fma(x, b[bp + 2 * bCs], s2);
                        s3 = Math.fma(x, b[bp + 3 * bCs], s3);
                        ap += aCs;
                        bp += bRs;
                    }
                    c[ci + j] = s0;
                    c[ci + j + 1] = s1;
                    c[ci + j + 2] = s2;
                    c[ci + j + 3] = s3;
                }
                for (; j < n; j++) {
                    double s = accumulate ? c[ci + j] : 0d;
                    int ap = ai;
                    int bp = bOff + j * bCs;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(a[ap], b[bp], s);
                        ap += aCs;
                        bp += bRs;
                    }
                    c[ci + j] = s;
                }
            }
        }
    }

    private static final class DoubleScratch {
        double[][] c = new double[0][];
        double[][] b = new double[KU][0];
        final double[] av = new double[2 * KU];

        DoubleScratch ensure(int rows, int cols) {
            if (c.length < rows || c[0].length < cols) {
                c = new double[rows][cols];
                b = new double[KU][cols];
            }
            return this;
        }
    }

    private static void kernel2x8(double[] c0, double[] c1, double[][] b, double[] av, int cols) {
        double[] b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7];
        double x0 = av[0], x1 = av[1], x2 = av[2], x3 = av[3], x4 = av[4], x5 = av[5], x6 = av[6], x7 = av[7];
        double y0 = av[8], y1 = av[9], y2 = av[10], y3 = av[11];
        double y4 = av[12], y5 = av[13], y6 = av[14], y7 = av[15];
        for (int j = 0; j < cols; j++) {
            double v0 = b0[j], v1 = b1[j], v2 = b2[j], v3 = b3[j];
            double v4 = b4[j], v5 = b5[j], v6 = b6[j], v7 = b7[j];
            double s = c0[j];
            s = Math.fma(x0, v0, s);
            s = Math.fma(x1, v1, s);
            s = Math.fma(x2, v2, s);
            s = Math.fma(x3, v3, s);
            s = Math.fma(x4, v4, s);
            s = Math.fma(x5, v5, s);
            s = Math.fma(x6, v6, s);
            s = Math.fma(x7, v7, s);
            c0[j] = s;
            double t = c1[j];
            t = Math.fma(y0, v0, t);
            t = Math.fma(y1, v1, t);
            t = Math.fma(y2, v2, t);
            t = Math.fma(y3, v3, t);
            t = Math.fma(y4, v4, t);
            t = Math.fma(y5, v5, t);
            t = Math.fma(y6, v6, t);
            t = Math.fma(y7, v7, t);
            c1[j] = t;
        }
    }

    private static void kernel1x8(double[] c0, double[][] b, double[] av, int cols) {
        double[] b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7];
        double x0 = av[0], x1 = av[1], x2 = av[2], x3 = av[3], x4 = av[4], x5 = av[5], x6 = av[6], x7 = av[7];
        for (int j = 0; j < cols; j++) {
            double s = c0[j];
            s = Math.fma(x0, b0[j], s);
            s = Math.fma(x1, b1[j], s);
            s = Math.fma(x2, b2[j], s);
            s = Math.fma(x3, b3[j], s);
            s = Math.fma(x4, b4[j], s);
            s = Math.fma(x5, b5[j], s);
            s = Math.fma(x6, b6[j], s);
            s = Math.fma(x7, b7[j], s);
            c0[j] = s;
        }
    }

    private static void axpy(double[] c, double x, double[] b, int cols) {
        for (int j = 0; j < cols; j++) {
            c[j] = Math.fma(x, b[j], c[j]);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Shared plumbing: argument checks and the tile scheduler.
    // ------------------------------------------------------------------------------------------------

    private static void checkArgs(int m, int n, int k, int threads) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: m=" + m + " n=" + n + " k=" + k);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /**
     * Fails unless every element {@code off + r*rs + q*cs} ({@code r < rows}, {@code q < cols}) lies in
     * {@code [0, length)}.
     */
    private static void checkRegion(String name, int length, int off, int rows, int cols, int rs, int cs) {
        if (rows == 0 || cols == 0) {
            return;
        }
        long lo = off;
        long hi = off;
        long rowSpan = (long) (rows - 1) * rs;
        long colSpan = (long) (cols - 1) * cs;
        lo += Math.min(0, rowSpan) + Math.min(0, colSpan);
        hi += Math.max(0, rowSpan) + Math.max(0, colSpan);
        if (lo < 0 || hi >= length) {
            throw new IndexOutOfBoundsException(name + " region [" + lo + ", " + hi + "] outside array of length "
                    + length + " (offset " + off + ", " + rows + "x" + cols + ", strides " + rs + "/" + cs + ")");
        }
    }

    /** Caps the thread count so each thread gets enough work to pay for waking it. */
    private static int threadsFor(int requested, long work) {
        return (int) Math.max(1, Math.min(requested, work / MIN_WORK_PER_THREAD));
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** Something that computes one tile of C; tiles are independent. */
    @FunctionalInterface
    private interface TileTask {
        void run(int tile);
    }

    /**
     * Runs tiles {@code 0..count-1}, each exactly once, on the caller plus up to {@code threads-1} pool
     * tasks. Tiles are claimed from a shared counter so that fast threads take more; which thread computes
     * a tile never changes its result.
     */
    private static void runTiles(int count, int threads, TileTask task) {
        int workers = Math.min(threads, count);
        if (workers <= 1) {
            for (int t = 0; t < count; t++) {
                task.run(t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            for (int t = next.getAndIncrement(); t < count; t = next.getAndIncrement()) {
                task.run(t);
            }
        };
        ForkJoinPool pool = PoolHolder.POOL;
        List<ForkJoinTask<?>> helpers = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            helpers.add(pool.submit(drain));
        }
        Throwable failure = null;
        try {
            drain.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (ForkJoinTask<?> h : helpers) {
            awaitBriefly(h);
            try {
                h.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error er) {
            throw er;
        }
    }

    /**
     * Spins until {@code task} completes or {@link #SPIN_NANOS} pass. A blocking join parks this thread,
     * and waking a parked thread costs tens of microseconds, a large share of a 256³ product; a helper
     * that is running finishes within about one tile's time, so a short spin is cheaper.
     */
    private static void awaitBriefly(ForkJoinTask<?> task) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (!task.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /** Lazily created shared pool; its threads are daemons, so it never keeps the JVM alive. */
    private static final class PoolHolder {
        static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
                pool -> {
                    var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    thread.setName("streamgrad-gemm-" + thread.getPoolIndex());
                    thread.setDaemon(true);
                    return thread;
                }, null, false);
    }
}
