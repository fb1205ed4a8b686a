package io.streamgrad.backend.cuda;

import io.streamgrad.backend.StridedLoop;

import io.streamgrad.backend.Strided;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The strided layout of N equally-shaped operands as a kernel receives it: the {@code Geom<N>} parameter
 * block of {@code src/main/cuda/common.cuh}. Dims of size 1 are dropped and neighbours that are contiguous
 * for every operand merged (as {@link io.streamgrad.backend.StridedLoop} does), so a contiguous tensor is one
 * dim and its index math needs no division. The kernel takes at most {@value #MAX_DIMS} dims; views with
 * more (after merging) become several launches, one per index of the leading dims.
 *
 * @param rank    dims in use
 * @param count   elements
 * @param sizes   sizes, innermost first (the kernel's order)
 * @param strides per operand, element strides, innermost first
 * @param bases   per operand, the element offset of the first element
 */
record Geometry(int rank, int count, int[] sizes, int[][] strides, int[] bases) {
    static final int MAX_DIMS = 8;

    /** The launches that cover operands of row-major {@code sizes}; empty when there are no elements. */
    static List<Geometry> of(int[] sizes, int[][] strides, int[] offsets) {
        int operands = strides.length;
        int[] dims = new int[sizes.length];
        int[][] st = new int[operands][sizes.length];
        int rank = StridedLoop.coalesce(sizes, strides, dims, st);
        for (int d = 0; d < rank; d++) {
            if (dims[d] == 0) {
                return List.of();
            }
        }
        List<Geometry> out = new ArrayList<>();
        int lead = Math.max(0, rank - MAX_DIMS);
        int[] index = new int[lead];
        while (true) {
            int[] bases = offsets.clone();
            for (int d = 0; d < lead; d++) {
                for (int k = 0; k < operands; k++) {
                    bases[k] += index[d] * st[k][d];
                }
            }
            out.add(inner(dims, st, lead, rank, bases));
            int d = lead - 1;
            while (d >= 0 && ++index[d] == dims[d]) {
                index[d--] = 0;
            }
            if (d < 0) {
                return out;
            }
        }
    }

    /** One launch over dims {@code [from, rank)}, reversed into the kernel's innermost-first order. */
    private static Geometry inner(int[] dims, int[][] st, int from, int rank, int[] bases) {
        int n = rank - from;
        int[] sizes = new int[n];
        int[][] strides = new int[st.length][n];
        int count = 1;
        for (int j = 0; j < n; j++) {
            sizes[j] = dims[rank - 1 - j];
            count *= sizes[j];
            for (int k = 0; k < st.length; k++) {
                strides[k][j] = st[k][rank - 1 - j];
            }
        }
        return new Geometry(n, count, sizes, strides, bases);
    }

    /** The {@code Geom<N>} block: rank, count, size[8], stride[N][8], base[N], as 32-bit ints. */
    int[] pack() {
        int operands = bases.length;
        int[] out = new int[2 + MAX_DIMS + operands * MAX_DIMS + operands];
        out[0] = rank;
        out[1] = count;
        System.arraycopy(sizes, 0, out, 2, rank);
        for (int k = 0; k < operands; k++) {
            System.arraycopy(strides[k], 0, out, 2 + MAX_DIMS + k * MAX_DIMS, rank);
        }
        System.arraycopy(bases, 0, out, 2 + MAX_DIMS + operands * MAX_DIMS, operands);
        return out;
    }

    // ---------------------------------------------------------------- single views

    static int numel(int[] sizes) {
        int n = 1;
        for (int s : sizes) {
            n *= s;
        }
        return n;
    }

    /** Whether the view's elements, in row-major order, sit one after another from its offset. */
    static boolean isContiguousRun(Strided view) {
        int[] sizes = view.sizes();
        int[] dims = new int[sizes.length];
        int[][] st = new int[1][sizes.length];
        int rank = StridedLoop.coalesce(sizes, new int[][] {view.strides()}, dims, st);
        return rank == 0 || rank == 1 && st[0][0] == 1;
    }

    /**
     * Whether writing every element of the view writes every element of a storage of {@code length}: its
     * distinct positions (stride-0 dims repeat one) form the dense range {@code [0, length)} in some order.
     */
    static boolean coversStorage(Strided view, int length) {
        int[] sizes = view.sizes();
        int[] strides = view.strides();
        long[] dims = new long[sizes.length];
        int n = 0;
        for (int d = 0; d < sizes.length; d++) {
            if (sizes[d] == 0) {
                return length == 0;
            }
            if (sizes[d] > 1 && strides[d] != 0) {
                // stride in the high half, size in the low half: sorting orders by stride
                dims[n++] = (long) strides[d] << 32 | sizes[d];
            }
        }
        long[] used = Arrays.copyOf(dims, n);
        Arrays.sort(used);
        long expected = 1;
        for (long dim : used) {
            if ((int) (dim >>> 32) != expected) {
                return false;
            }
            expected *= (int) dim;
        }
        return view.storageOffset() == 0 && expected == length;
    }
}
