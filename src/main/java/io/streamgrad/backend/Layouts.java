package io.streamgrad.backend;

/** Row-major layout rules shared by the tensor front end and every backend. */
public final class Layouts {
    private Layouts() {
    }

    /** Row-major strides for {@code sizes}; size-0 dims count as 1 so strides stay positive. */
    public static int[] contiguousStrides(int[] sizes) {
        int[] strides = new int[sizes.length];
        int s = 1;
        for (int d = sizes.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= Math.max(sizes[d], 1);
        }
        return strides;
    }

    /** Whether {@code strides} walk {@code sizes} in row-major order without gaps (size-1 dims ignored). */
    public static boolean isContiguous(int[] sizes, int[] strides) {
        int expected = 1;
        for (int d = sizes.length - 1; d >= 0; d--) {
            if (sizes[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= sizes[d];
        }
        return true;
    }
}
