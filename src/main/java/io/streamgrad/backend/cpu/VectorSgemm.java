package io.streamgrad.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The blocked path of {@link Gemm#sgemm} on the incubating Vector API: one float32 product, split into
 * tiles of C that any thread may compute, in any order ({@link #tiles()}, {@link #tile(int)}).
 *
 * <p>This class links against {@code jdk.incubator.vector}; loading it in a JVM started without
 * {@code --add-modules jdk.incubator.vector} fails. {@link SgemmKernel} therefore names it only after it
 * has found the module in the boot layer, and nothing else may refer to it.
 *
 * <h2>Numerics</h2>
 * Same bits as the plain kernels of {@link Gemm}: every C element is
 * {@code s = accumulate ? C : 0; for p = 0..k-1: s = fma(A[i][p], B[p][j], s)}. {@link FloatVector#fma} is
 * lane-wise {@link Math#fma}; the reduction over p is cut into blocks of {@link #KC}, and each block resumes
 * the chain from the float32 value the previous block stored in C, which is exactly the chain's
 * intermediate value. Tiles split C only, never p.
 *
 * <h2>Algorithm</h2>
 * BLIS-style: C is cut into row bands (one per thread where m allows, so that B is packed once per band
 * and k block) and column panels of at most {@link #NC}. For each block of {@link #KC} values of p, B is
 * packed into {@link #NR}-column micro-panels and each {@link #MC}-row block of A into {@link #MR}-row
 * micro-panels; an {@code MR×NR} micro-kernel then keeps 8 rows × 2 vectors = 16 accumulators in
 * registers for the whole block. Partial micro-tiles at the edges of C go through a small buffer.
 */
final class VectorSgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the micro-kernel: 8 rows × 2 vectors is 16 accumulators, half of AVX-512's registers. */
    private static final int MR = 8;
    /** Columns of the micro-kernel: two vectors (32 floats with AVX-512, 16 with AVX2). */
    private static final int NR = 2 * L;
    /** Values of p per packed block: an MR×KC sliver of A plus a KC×NR sliver of B stay in L1. */
    private static final int KC = 256;
    /** Rows of A packed at a time: MC×KC floats (64 KiB) stay in L2 next to the B panel. */
    private static final int MC = 64;
    /** Columns of C per tile: the packed KC×NC B panel (1 MiB) stays in L2. */
    private static final int NC = 1024;
    /** Tallest row band: more rows per band amortize B's packing, but too few bands starve threads. */
    private static final int MAX_BAND = 1024;
    /** Narrowest vectors worth using: below 8 floats (AVX2) the plain kernel is as fast. */
    private static final int MIN_LANES = 8;

    /**
     * Per-thread packing buffers, reused across calls: a fresh 1 MiB B panel per call is a G1 humongous
     * allocation, and those made two-thread timings bimodal.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final int m, n, k;
    private final float[] a, b, c;
    private final int aOff, aRs, aCs, bOff, bRs, bCs, cOff, cRs;
    private final boolean accumulate;
    private final int band, colTiles, tiles;

    /** Same addressing and contract as {@link Gemm#sgemm}; {@code threads} only shapes the tiles. */
    VectorSgemm(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int cRs,
                boolean accumulate, int threads) {
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
        this.band = Math.min(MAX_BAND, Math.max(MC, roundUp(Math.ceilDiv(m, threads), MR)));
        this.colTiles = Math.ceilDiv(n, NC);
        this.tiles = Math.ceilDiv(m, band) * colTiles;
    }

    /** Whether this CPU's preferred vectors are wide enough for this kernel to beat the plain one. */
    static boolean worthwhile() {
        return L >= MIN_LANES;
    }

    /** How many tiles {@link #tile(int)} accepts. */
    int tiles() {
        return tiles;
    }

    /** Computes C tile {@code t} (row-major over the grid of row bands × column panels). */
    void tile(int t) {
        int i0 = (t / colTiles) * band;
        int j0 = (t % colTiles) * NC;
        int rows = Math.min(band, m - i0);
        int cols = Math.min(NC, n - j0);
        Scratch s = SCRATCH.get().ensure(KC * roundUp(cols, NR));
        int aAt = aOff + i0 * aRs;
        int bAt = bOff + j0 * bCs;
        int cAt = cOff + i0 * cRs + j0;
        if (k == 0 && !accumulate) {
            for (int r = 0; r < rows; r++) {
                Arrays.fill(c, cAt + r * cRs, cAt + r * cRs + cols, 0f);
            }
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            // The first block starts each chain from C (accumulate) or from zero; later blocks from C.
            boolean fromC = accumulate || p0 > 0;
            packB(kc, cols, bAt + p0 * bRs, s.bp);
            for (int ic = 0; ic < rows; ic += MC) {
                int mc = Math.min(MC, rows - ic);
                packA(mc, kc, aAt + ic * aRs + p0 * aCs, s.ap);
                block(mc, cols, kc, s.ap, s.bp, cAt + ic * cRs, fromC, s.edge);
            }
        }
    }

    /** Multiplies one packed mc×kc block of A by the packed kc×nc panel of B into C at {@code cAt}. */
    private void block(int mc, int nc, int kc, float[] ap, float[] bp, int cAt, boolean fromC, float[] edge) {
        for (int jr = 0; jr < nc; jr += NR) {
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int cols = Math.min(NR, nc - jr);
                int at = cAt + ir * cRs + jr;
                if (rows == MR && cols == NR) {
                    kernel(kc, ap, ir * kc, bp, jr * kc, c, at, cRs, fromC);
                } else {
                    // A partial micro-tile: run the full kernel on a copy, so it never touches C outside the tile.
                    for (int r = 0; r < MR; r++) {
                        for (int j = 0; j < NR; j++) {
                            edge[r * NR + j] = fromC && r < rows && j < cols ? c[at + r * cRs + j] : 0f;
                        }
                    }
                    kernel(kc, ap, ir * kc, bp, jr * kc, edge, 0, NR, true);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(edge, r * NR, c, at + r * cRs, cols);
                    }
                }
            }
        }
    }

    /** bp[jr*kc + p*NR + j] = B[p][jr + j] for the panel at {@code at}, zero-padded to whole micro-panels. */
    private void packB(int kc, int nc, int at, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            for (int p = 0; p < kc; p++) {
                int dst = jr * kc + p * NR;
                int src = at + p * bRs + jr * bCs;
                if (bCs == 1) {
                    System.arraycopy(b, src, bp, dst, cols);
                } else {
                    for (int j = 0; j < cols; j++) {
                        bp[dst + j] = b[src + j * bCs];
                    }
                }
                Arrays.fill(bp, dst + cols, dst + NR, 0f);
            }
        }
    }

    /** ap[ir*kc + p*MR + r] = A[ir + r][p] for the block at {@code at}, zero-padded to whole micro-panels. */
    private void packA(int mc, int kc, int at, float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            for (int r = 0; r < MR; r++) {
                int src = at + (ir + r) * aRs;
                int dst = ir * kc + r;
                for (int p = 0; p < kc; p++) {
                    ap[dst + p * MR] = r < rows ? a[src + p * aCs] : 0f;
                }
            }
        }
    }

    /**
     * {@code C[0..MR)[0..NR) = (fromC ? C : 0)} followed by kc fma steps, in order of p, from packed slivers
     * of A and B. Written out by hand: C2 keeps the 16 accumulators in registers only when they are locals.
     */
    private static void kernel(int kc, float[] ap, int aAt, float[] bp, int bAt,
                               float[] c, int cAt, int ldc, boolean fromC) {
        FloatVector c00 = init(c, cAt, fromC), c01 = init(c, cAt + L, fromC);
        FloatVector c10 = init(c, cAt + ldc, fromC), c11 = init(c, cAt + ldc + L, fromC);
        FloatVector c20 = init(c, cAt + 2 * ldc, fromC), c21 = init(c, cAt + 2 * ldc + L, fromC);
        FloatVector c30 = init(c, cAt + 3 * ldc, fromC), c31 = init(c, cAt + 3 * ldc + L, fromC);
        FloatVector c40 = init(c, cAt + 4 * ldc, fromC), c41 = init(c, cAt + 4 * ldc + L, fromC);
        FloatVector c50 = init(c, cAt + 5 * ldc, fromC), c51 = init(c, cAt + 5 * ldc + L, fromC);
        FloatVector c60 = init(c, cAt + 6 * ldc, fromC), c61 = init(c, cAt + 6 * ldc + L, fromC);
        FloatVector c70 = init(c, cAt + 7 * ldc, fromC), c71 = init(c, cAt + 7 * ldc + L, fromC);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bAt + p * NR);
            FloatVector b1 = FloatVector.fromArray(S, bp, bAt + p * NR + L);
            int q = aAt + p * MR;
            FloatVector x = FloatVector.broadcast(S, ap[q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[q + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[q + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[q + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[q + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[q + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[q + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[q + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, cAt);
        c01.intoArray(c, cAt + L);
        c10.intoArray(c, cAt + ldc);
        c11.intoArray(c, cAt + ldc + L);
        c20.intoArray(c, cAt + 2 * ldc);
        c21.intoArray(c, cAt + 2 * ldc + L);
        c30.intoArray(c, cAt + 3 * ldc);
        c31.intoArray(c, cAt + 3 * ldc + L);
        c40.intoArray(c, cAt + 4 * ldc);
        c41.intoArray(c, cAt + 4 * ldc + L);
        c50.intoArray(c, cAt + 5 * ldc);
        c51.intoArray(c, cAt + 5 * ldc + L);
        c60.intoArray(c, cAt + 6 * ldc);
        c61.intoArray(c, cAt + 6 * ldc + L);
        c70.intoArray(c, cAt + 7 * ldc);
        c71.intoArray(c, cAt + 7 * ldc + L);
    }

    private static FloatVector init(float[] c, int at, boolean fromC) {
        return fromC ? FloatVector.fromArray(S, c, at) : FloatVector.zero(S);
    }

    private static int roundUp(int x, int to) {
        return Math.ceilDiv(x, to) * to;
    }

    /** Per-thread packing buffers for one tile: A block, B panel and the edge micro-tile. */
    private static final class Scratch {
        final float[] ap = new float[MC * KC];
        final float[] edge = new float[MR * NR];
        float[] bp = new float[0];

        Scratch ensure(int bLength) {
            if (bp.length < bLength) {
                bp = new float[bLength];
            }
            return this;
        }
    }
}
