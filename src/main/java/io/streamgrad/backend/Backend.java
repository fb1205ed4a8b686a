package io.streamgrad.backend;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;

/**
 * The primitives a device implements; every tensor op is written once above them. Operands arrive as
 * {@link Strided} views whose storages live on this backend's device. Shapes have been checked and
 * broadcast above the backend (broadcast dims carry stride 0), and dtypes already agree except where a
 * method says otherwise.
 *
 * <p>Threading: a backend may be called from any thread; calls on disjoint outputs may run concurrently.
 */
public interface Backend {
    /** The device this backend computes on; every storage it allocates lives there. */
    Device device();

    /** A new zero-filled storage. */
    Storage allocate(DType dtype, int length);

    /** A storage holding a copy of a host array: {@code float[]}, {@code double[]}, {@code long[]} or {@code boolean[]}. */
    Storage fromHost(Object array);

    /** A host array (as {@link #fromHost}) with the view's elements in row-major order. */
    Object toHost(Strided src);

    /** {@code dst[i] = (dst.dtype) src[i]}; shapes equal; dtypes may differ (a cast). */
    void copy(Strided src, Strided dst);

    /** Sets every element of {@code dst} to {@code value} cast to its dtype. */
    void fill(Strided dst, double value);

    /** {@code dst[i] = op(src[i], p, q)}; same dtype. */
    void unary(UnaryOp op, double p, double q, Strided src, Strided dst);

    /** {@code dst[i] = op(a[i], b[i])}; a and b share a dtype; dst is bool for comparisons. */
    void binary(BinaryOp op, Strided a, Strided b, Strided dst);

    /** {@code dst[i] = cond[i] ? a[i] : b[i]}; cond is bool, a, b and dst share a dtype. */
    void where(Strided cond, Strided a, Strided b, Strided dst);

    /**
     * Reduces {@code src} into {@code dst}, which has src's shape with stride 0 on the reduced dims: every
     * source element folds into the destination element it maps to. Sums of float32 accumulate in float64.
     */
    void reduce(ReduceOp op, Strided src, Strided dst);

    /**
     * Batched matrix product: {@code a} is [B, M, K], {@code b} is [B, K, N], {@code dst} is a contiguous
     * [B, M, N]; broadcast batches carry stride 0. Float dtypes only.
     */
    void matmul(Strided a, Strided b, Strided dst);

    /**
     * Makes {@code view}'s memory outlive any memory scope open on this thread (on CUDA: {@code CudaScope}), for
     * state kept across iterations but created inside one, such as an optimizer's buffers. Backends without
     * scopes do nothing.
     */
    default void persist(Strided view) {
    }
}
