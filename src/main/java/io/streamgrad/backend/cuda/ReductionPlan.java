package io.streamgrad.backend.cuda;

import io.streamgrad.backend.Layouts;
import io.streamgrad.backend.StridedLoop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a reduction runs on the GPU: the {@code ReduceGeom} parameter blocks and grids of
 * {@code src/main/cuda/reduce.cuh}. The source's dims split into kept dims (the destination's stride is not 0:
 * one output per index) and reduced dims (stride 0: folded), each merged where contiguous. The thread layout
 * follows memory: when the kept dims are the innermost in the source, adjacent threads take adjacent outputs
 * (a column sum); otherwise adjacent threads take adjacent reduced elements (a row sum). When the outputs
 * are too few to fill the GPU, the reduced range is split over {@code gridY} blocks whose partial results a
 * second pass folds, in a fixed order, so results do not depend on timing.
 */
final class ReductionPlan {
    static final int THREADS = 256;
    static final int MAX_DIMS = Geometry.MAX_DIMS;
    /** Blocks per multiprocessor a launch should offer before splitting pays. */
    private static final int BLOCKS_PER_SM = 4;
    /** Fewest reduced elements per thread in a split chunk, so the second pass stays small. */
    private static final int MIN_PER_THREAD = 32;
    private static final int MAX_GRID_Y = 65535;

    /**
     * One launch (or two, when split). {@code finish} is null unless {@code splits > 1}; then the first pass
     * writes {@code splits × outCount} partial results to a scratch buffer that {@code finish} folds.
     */
    record Launch(int[] first, int gridX, int splits, int outCount, int[] finish, int finishGridX) {
    }

    private ReductionPlan() {
    }

    /**
     * Plans the reduction of a source of row-major {@code sizes} into a destination with the same sizes and
     * stride 0 on the reduced dims.
     */
    static List<Launch> plan(int[] sizes, int[] srcStrides, int srcOffset, int[] dstStrides, int dstOffset,
            int multiprocessors) {
        int n = sizes.length;
        int[] keptSizes = new int[n];
        int[][] keptStrides = new int[2][n];
        int[] redSizes = new int[n];
        int[][] redStrides = new int[1][n];
        int kept = 0;
        int red = 0;
        for (int d = 0; d < n; d++) {
            if (sizes[d] == 0) {
                return List.of();  // no elements: the caller fills the outputs that exist with the identity
            }
            if (sizes[d] == 1) {
                continue;
            }
            if (dstStrides[d] == 0) {
                redSizes[red] = sizes[d];
                redStrides[0][red++] = srcStrides[d];
            } else {
                keptSizes[kept] = sizes[d];
                keptStrides[0][kept] = srcStrides[d];
                keptStrides[1][kept++] = dstStrides[d];
            }
        }
        int[] kDims = new int[kept];
        int[][] kSt = new int[2][kept];
        int keptRank = StridedLoop.coalesce(Arrays.copyOf(keptSizes, kept),
                new int[][] {Arrays.copyOf(keptStrides[0], kept), Arrays.copyOf(keptStrides[1], kept)},
                kDims, kSt);
        int[] rDims = new int[red];
        int[][] rSt = new int[1][red];
        int redRank = StridedLoop.coalesce(Arrays.copyOf(redSizes, red),
                new int[][] {Arrays.copyOf(redStrides[0], red)}, rDims, rSt);
        if (redRank > MAX_DIMS) {
            throw new UnsupportedOperationException("the CUDA reduction folds at most " + MAX_DIMS
                    + " non-adjacent dims at once, got " + redRank + "; reduce in two steps");
        }
        List<Launch> out = new ArrayList<>();
        int lead = Math.max(0, keptRank - MAX_DIMS);
        int[] index = new int[lead];
        while (true) {
            int src = srcOffset;
            int dst = dstOffset;
            for (int d = 0; d < lead; d++) {
                src += index[d] * kSt[0][d];
                dst += index[d] * kSt[1][d];
            }
            out.add(launch(slice(kDims, lead, keptRank), slice(kSt[0], lead, keptRank), slice(kSt[1], lead, keptRank),
                    slice(rDims, 0, redRank), slice(rSt[0], 0, redRank), src, dst, multiprocessors));
            int d = lead - 1;
            while (d >= 0 && ++index[d] == kDims[d]) {
                index[d--] = 0;
            }
            if (d < 0) {
                return out;
            }
        }
    }

    private static int[] slice(int[] a, int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }

    /** Plans one launch; all arrays row-major (outermost first), at most MAX_DIMS long. */
    private static Launch launch(int[] keptSizes, int[] keptSrc, int[] keptDst, int[] redSizes, int[] redSrc,
            int srcOffset, int dstOffset, int multiprocessors) {
        int outCount = Geometry.numel(keptSizes);
        int redCount = Geometry.numel(redSizes);
        boolean outer = keptSizes.length > 0
                && (redSizes.length == 0 || Math.abs(last(keptSrc)) < Math.abs(last(redSrc)));
        int perBlock = outputsPerBlock(outer, redCount);
        int lanes = THREADS / perBlock;
        int gridX = ceilDiv(outCount, perBlock);
        int splits = 1;
        int target = BLOCKS_PER_SM * multiprocessors;
        if (gridX < target) {
            splits = Math.min(Math.min(ceilDiv(target, gridX), Math.max(1, redCount / (lanes * MIN_PER_THREAD))),
                    MAX_GRID_Y);
        }
        int chunk = ceilDiv(Math.max(redCount, 1), splits);
        splits = redCount == 0 ? 1 : ceilDiv(redCount, chunk);
        int[] first = pack(outCount, redCount, keptSizes, keptSrc, keptDst, redSizes, redSrc, srcOffset, dstOffset,
                perBlock, outer, chunk);
        if (splits == 1) {
            return new Launch(first, gridX, 1, outCount, null, 0);
        }
        // The partial buffer is [splits, outCount]: output o of split s at s * outCount + o.
        boolean finishOuter = keptSizes.length > 0;
        int finishPerBlock = outputsPerBlock(finishOuter, splits);
        int[] finish = pack(outCount, splits, keptSizes, Layouts.contiguousStrides(keptSizes), keptDst,
                new int[] {splits}, new int[] {outCount}, 0, dstOffset, finishPerBlock, finishOuter, splits);
        return new Launch(first, gridX, splits, outCount, finish, ceilDiv(outCount, finishPerBlock));
    }

    /** Outputs per 256-thread block: 32 (8 lanes each) or 256 along outputs; else enough lanes for the fold. */
    static int outputsPerBlock(boolean outer, int redCount) {
        if (outer) {
            return redCount >= 8 ? 32 : THREADS;
        }
        int lanes = redCount >= THREADS ? THREADS : redCount <= 1 ? 1 : Integer.highestOneBit(redCount - 1) << 1;
        return THREADS / lanes;
    }

    /** The {@code ReduceGeom} block; dims are reversed into the kernel's innermost-first order. */
    static int[] pack(int outCount, int redCount, int[] keptSizes, int[] keptSrc, int[] keptDst, int[] redSizes,
            int[] redSrc, int srcBase, int dstBase, int perBlock, boolean outer, int chunk) {
        int[] g = new int[3 + 3 * MAX_DIMS + 1 + 2 * MAX_DIMS + 5];
        g[0] = outCount;
        g[1] = redCount;
        g[2] = keptSizes.length;
        reverseInto(keptSizes, g, 3);
        reverseInto(keptSrc, g, 3 + MAX_DIMS);
        reverseInto(keptDst, g, 3 + 2 * MAX_DIMS);
        int r = 3 + 3 * MAX_DIMS;
        g[r] = redSizes.length;
        reverseInto(redSizes, g, r + 1);
        reverseInto(redSrc, g, r + 1 + MAX_DIMS);
        int tail = r + 1 + 2 * MAX_DIMS;
        g[tail] = srcBase;
        g[tail + 1] = dstBase;
        g[tail + 2] = perBlock;
        g[tail + 3] = outer ? 1 : 0;
        g[tail + 4] = chunk;
        return g;
    }

    private static void reverseInto(int[] values, int[] into, int at) {
        for (int i = 0; i < values.length; i++) {
            into[at + i] = values[values.length - 1 - i];
        }
    }

    private static int last(int[] a) {
        return a[a.length - 1];
    }

    private static int ceilDiv(int a, int b) {
        return (int) ((a + (long) b - 1) / b);
    }
}
