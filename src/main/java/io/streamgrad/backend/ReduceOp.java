package io.streamgrad.backend;

/** Reductions every backend implements. Means are sums divided above the backend. */
public enum ReduceOp {
    /** Sum; float32 sums accumulate in float64 (see {@link Backend#reduce}). */
    SUM,
    /** Maximum, propagating NaN as PyTorch's {@code amax}. */
    MAX,
    /** Minimum, propagating NaN as PyTorch's {@code amin}. */
    MIN
}
