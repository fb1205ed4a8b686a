package io.streamgrad.backend;

import io.streamgrad.tensor.DType;

/**
 * A strided view of a {@link Storage}: element {@code (i0, i1, ...)} lives at
 * {@code storageOffset + Σ ik·strides[k]}. A stride of 0 repeats an element (broadcasting).
 * Kernels receive operands in this form and never see tensors or autograd.
 */
public interface Strided {
    Storage storage();

    int[] sizes();

    int[] strides();

    int storageOffset();

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
