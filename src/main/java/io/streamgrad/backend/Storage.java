package io.streamgrad.backend;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;

/**
 * A flat block of elements of one dtype on one device. Tensors are views over a storage; several views
 * may share one. A storage never changes size.
 */
public interface Storage {
    /** The dtype of every element. */
    DType dtype();

    /** Number of elements. */
    int length();

    /** The device whose memory holds the elements. */
    Device device();
}
