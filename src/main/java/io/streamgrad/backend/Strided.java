package io.streamgrad.backend;

import io.streamgrad.tensor.DType;

/**
 * A strided view of a {@link Storage}: element {@code (i0, i1, ...)} lives at
 * {@code storageOffset + Σ ik·strides[k]}. A stride of 0 repeats an element (broadcasting).
 * Kernels receive operands in this form and never see tensors or autograd.
 */
public interface Strided {
    /** The storage the view reads or writes. */
    Storage storage();

    /** The view's shape, one size per dimension; empty for a scalar. Not a copy; do not modify it. */
    int[] sizes();

    /** Elements (not bytes) to step in the storage per unit of each index; 0 on a broadcast dim. */
    int[] strides();

    /** Index in the storage of element {@code (0, 0, ...)}. */
    int storageOffset();

    /** The storage's dtype. */
    default DType dtype() {
        return storage().dtype();
    }

    /** A plain immutable view. */
    static Strided of(Storage storage, int[] sizes, int[] strides, int offset) {
        return new View(storage, sizes, strides, offset);
    }

    /** The default implementation of {@link #of}. */
    record View(Storage storage, int[] sizes, int[] strides, int storageOffset) implements Strided {
    }
}
