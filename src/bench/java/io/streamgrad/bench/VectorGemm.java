package io.streamgrad.bench;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Prototype of {@code Gemm.sgemm} on the incubating Vector API, kept in the benchmark tree so that the
 * default build needs no {@code --add-modules jdk.incubator.vector}. It measures what explicit register
 * blocking buys over the auto-vectorized kernels of {@link io.streamgrad.backend.cpu.Gemm}.
 *
 * <p>Same contract and same bits as {@code Gemm.sgemm} for row-major-addressed operands: every C element
 * is {@code s = accumulate ? C : 0; for p in 0..k-1: s = fma(A[i][p], B[p][j], s)} (the Vector API's
 * {@code fma} is lane-wise {@link Math#fma}), and threads split C only, never k.
 *
 * <p>Algorithm (BLIS-style): per C tile of {@link #MC}×n columns, for each block of {@link #KC} values of
 * p, pack B into {@link #NR}-column micro-panels and A into {@link #MR}-row micro-panels, then run an
 * {@code MR×NR} register-blocked micro-kernel: 8 rows × 2 vectors of 16 floats = 16 accumulators, which
 * need AVX-512 (on AVX2 the preferred species is 8 wide and the kernel covers 8×16).
 */
public final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 8;
    private static final int NR = 2 * L;
    private static final int KC = 256;
    private static final int MC = 64;
    private static final int NC = 1024;
    private static final ForkJoinPool POOL = ForkJoinPool.commonPool();

    private VectorGemm() {
    }

    /** Same parameters and contract as {@code Gemm.sgemm}. */
    public static void sgemm(int m, int n, int k,
                             float[] a, int aOff, int aRs, int aCs,
                             float[] b, int bOff, int bRs, int bCs,
                             float[] c, int cOff, int cRs, boolean accumulate, int threads) {
        int rowTiles = (m + MC - 1) / MC;
        int colTiles = (n + NC - 1) / NC;
        int tiles = rowTiles * colTiles;
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            float[] ap = new float[MC * KC];
            float[] bp = new float[KC * ((Math.min(n, NC) + NR - 1) / NR) * NR];
            float[] edge = new float[MR * NR];
            for (int t = next.getAndIncrement(); t < tiles; t = next.getAndIncrement()) {
                int i0 = (t / colTiles) * MC;
                int j0 = (t % colTiles) * NC;
                tile(Math.min(MC, m - i0), Math.min(NC, n - j0), k,
                        a, aOff + i0 * aRs, aRs, aCs, b, bOff + j0 * bCs, bRs, bCs,
                        c, cOff + i0 * cRs + j0, cRs, accumulate, ap, bp, edge);
            }
        };
        ForkJoinTask<?>[] helpers = new ForkJoinTask<?>[Math.max(0, Math.min(threads, tiles) - 1)];
        for (int w = 0; w < helpers.length; w++) {
            helpers[w] = POOL.submit(drain);
        }
        drain.run();
        for (ForkJoinTask<?> h : helpers) {
            h.join();
        }
    }

    private static void tile(int mc, int nc, int k, float[] a, int aOff, int aRs, int aCs,
                             float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int cRs,
                             boolean accumulate, float[] ap, float[] bp, float[] edge) {
        if (k == 0 && !accumulate) {
            for (int r = 0; r < mc; r++) {
                Arrays.fill(c, cOff + r * cRs, cOff + r * cRs + nc, 0f);
            }
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            // The first k block starts each chain from C (accumulate) or from zero; later blocks from C.
            boolean fromC = accumulate || p0 > 0;
            packB(kc, nc, b, bOff + p0 * bRs, bRs, bCs, bp);
            packA(mc, kc, a, aOff + p0 * aCs, aRs, aCs, ap);
            for (int jr = 0; jr < nc; jr += NR) {
                for (int ir = 0; ir < mc; ir += MR) {
                    int rows = Math.min(MR, mc - ir);
                    int cols = Math.min(NR, nc - jr);
                    int bAt = jr * kc;
                    int aAt = ir * kc;
                    int cAt = cOff + ir * cRs + jr;
                    if (rows == MR && cols == NR) {
                        kernel(kc, ap, aAt, bp, bAt, c, cAt, cRs, fromC);
                    } else {
                        for (int r = 0; r < MR; r++) {
                            for (int j = 0; j < NR; j++) {
                                edge[r * NR + j] = fromC && r < rows && j < cols ? c[cAt + r * cRs + j] : 0f;
                            }
                        }
                        kernel(kc, ap, aAt, bp, bAt, edge, 0, NR, true);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(edge, r * NR, c, cAt + r * cRs, cols);
                        }
                    }
                }
            }
        }
    }

    /** bp[jr*kc + p*NR + j] = B[p][jr + j], zero-padded to whole micro-panels. */
    private static void packB(int kc, int nc, float[] b, int bOff, int bRs, int bCs, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            for (int p = 0; p < kc; p++) {
                int dst = jr * kc + p * NR;
                int src = bOff + p * bRs + jr * bCs;
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

    /** ap[ir*kc + p*MR + r] = A[ir + r][p], zero-padded to whole micro-panels. */
    private static void packA(int mc, int kc, float[] a, int aOff, int aRs, int aCs, float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            for (int r = 0; r < MR; r++) {
                int src = aOff + (ir + r) * aRs;
                int dst = ir * kc + r;
                for (int p = 0; p < kc; p++) {
                    ap[dst + p * MR] = r < rows ? a[src + p * aCs] : 0f;
                }
            }
        }
    }

    /** C[0..MR)[0..NR) = (fromC ? C : 0) + fma chain over kc packed steps; 16 accumulators in registers. */
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
}
