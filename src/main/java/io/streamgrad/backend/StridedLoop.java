package io.streamgrad.backend;

/**
 * Walks the elements of one or more equally-shaped strided operands in row-major order, handing the
 * kernel one innermost run at a time. Dimensions that are contiguous for every operand are merged
 * first, so a contiguous tensor is a single run and the kernel's inner loop can be vectorized.
 */
public final class StridedLoop {
    /** Processes {@code n} elements starting at {@code offsets[k]} with steps {@code steps[k]} per operand. */
    @FunctionalInterface
    public interface Run {
        /**
         * Processes one run: for {@code j < n}, operand k's element {@code j} is at
         * {@code offsets[k] + j * steps[k]}. The arrays belong to the loop; do not keep them.
         */
        void run(int[] offsets, int[] steps, int n);
    }

    private StridedLoop() {
    }

    /**
     * Calls {@code run} for each innermost run. {@code strides[k]} and {@code offsets[k]} describe
     * operand k; all operands share {@code sizes}. The arrays passed to {@code run} are reused.
     */
    public static void forEachRun(int[] sizes, int[][] strides, int[] offsets, Run run) {
        int operands = strides.length;
        int[] dims = new int[sizes.length];
        int[][] st = new int[operands][sizes.length];
        int rank = coalesce(sizes, strides, dims, st);
        for (int d = 0; d < rank; d++) {
            if (dims[d] == 0) {
                return;
            }
        }
        int[] base = offsets.clone();
        int[] steps = new int[operands];
        if (rank == 0) {
            run.run(base, steps, 1);
            return;
        }
        int inner = rank - 1;
        for (int k = 0; k < operands; k++) {
            steps[k] = st[k][inner];
        }
        int n = dims[inner];
        if (rank == 1) {
            run.run(base, steps, n);
            return;
        }
        int[] counter = new int[inner];
        int[] current = base.clone();
        while (true) {
            System.arraycopy(current, 0, base, 0, operands);
            run.run(base, steps, n);
            int d = inner - 1;
            while (d >= 0) {
                counter[d]++;
                for (int k = 0; k < operands; k++) {
                    current[k] += st[k][d];
                }
                if (counter[d] < dims[d]) {
                    break;
                }
                for (int k = 0; k < operands; k++) {
                    current[k] -= st[k][d] * dims[d];
                }
                counter[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    /**
     * Drops size-1 dims and merges neighbours that are contiguous for every operand, writing the merged sizes
     * into {@code dims} and strides into {@code st}; returns the new rank. Shared by every backend's launcher.
     */
    public static int coalesce(int[] sizes, int[][] strides, int[] dims, int[][] st) {
        int rank = 0;
        for (int d = 0; d < sizes.length; d++) {
            if (sizes[d] == 1) {
                continue;
            }
            if (rank > 0 && mergeable(strides, st, rank - 1, d, sizes[d])) {
                dims[rank - 1] *= sizes[d];
                for (int k = 0; k < strides.length; k++) {
                    st[k][rank - 1] = strides[k][d];
                }
                continue;
            }
            dims[rank] = sizes[d];
            for (int k = 0; k < strides.length; k++) {
                st[k][rank] = strides[k][d];
            }
            rank++;
        }
        return rank;
    }

    private static boolean mergeable(int[][] strides, int[][] st, int prev, int d, int size) {
        for (int k = 0; k < strides.length; k++) {
            if (st[k][prev] != strides[k][d] * size) {
                return false;
            }
        }
        return true;
    }
}
