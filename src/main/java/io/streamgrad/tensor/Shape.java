package io.streamgrad.tensor;

import java.util.Arrays;

/**
 * An immutable list of dimension sizes, as PyTorch's {@code torch.Size}. Prints as {@code [2, 3]}.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * A shape with the given sizes (copied). A negative size throws {@link TensorException} with PyTorch's message,
     * which every factory ({@code Tensor.zeros(-1)}, ...) reports, as {@code torch.zeros(-1)} does.
     */
    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new TensorException("Trying to create tensor with negative dimension " + d
                        + ": " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code i}; negative {@code i} counts from the end. */
    public int get(int i) {
        return dims[i < 0 ? i + dims.length : i];
    }

    /** Product of the sizes; 1 for a scalar shape. */
    public long numel() {
        return numel(dims);
    }

    /** The sizes as a new array: changing it does not change this shape. */
    public int[] toArray() {
        return dims.clone();
    }

    static long numel(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(s.dims, dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
