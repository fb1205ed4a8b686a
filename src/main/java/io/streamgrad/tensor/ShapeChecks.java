package io.streamgrad.tensor;

import java.util.Arrays;

/** Dimension wrapping, broadcasting and contiguity rules, with PyTorch's error messages. */
final class ShapeChecks {
    private ShapeChecks() {
    }

    /** Maps a possibly negative dim into [0, rank); a 0-dim tensor accepts dims -1 and 0. */
    static int wrapDim(int dim, int rank) {
        int effective = Math.max(rank, 1);
        if (dim < -effective || dim >= effective) {
            throw new TensorException("Dimension out of range (expected to be in range of [" + -effective + ", "
                    + (effective - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + effective : dim;
    }

    static boolean isContiguous(int[] sizes, int[] strides) {
        return io.streamgrad.backend.Layouts.isContiguous(sizes, strides);
    }

    /** The broadcast of two shapes, or PyTorch's "The size of tensor a ..." error. */
    static int[] broadcast(int[] a, int[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length);
            int db = i - (rank - b.length);
            int sa = da >= 0 ? a[da] : 1;
            int sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1) {
                throw new TensorException("The size of tensor a (" + sa + ") must match the size of tensor b (" + sb
                        + ") at non-singleton dimension " + i);
            }
            out[i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /** Strides that view a tensor of {@code sizes}/{@code strides} as the larger broadcast {@code target}. */
    static int[] expandedStrides(int[] sizes, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int shift = target.length - sizes.length;
        for (int i = 0; i < target.length; i++) {
            int d = i - shift;
            if (d < 0 || sizes[d] == 1 && target[i] != 1) {
                out[i] = 0;
            } else {
                out[i] = strides[d];
            }
        }
        return out;
    }

    /** Resolves one -1 in a requested shape against {@code numel}, or PyTorch's "shape '[..]' is invalid" error. */
    static int[] inferSize(int[] shape, long numel) {
        int[] out = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new TensorException("only one dimension can be inferred");
                }
                infer = i;
            } else if (out[i] < 0) {
                throw new TensorException("invalid shape dimension " + out[i]);
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0 && known != 0 && numel % known == 0) {
            out[infer] = (int) (numel / known);
            return out;
        }
        if (infer < 0 && known == numel) {
            return out;
        }
        throw new TensorException("shape '" + Arrays.toString(shape) + "' is invalid for input of size " + numel);
    }

    static String sizeString(int[] sizes) {
        return Arrays.toString(sizes);
    }
}
