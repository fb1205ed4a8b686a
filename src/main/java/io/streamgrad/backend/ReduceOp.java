package io.streamgrad.backend;

/** Reductions every backend implements. Means are sums divided above the backend. */
public enum ReduceOp {
    SUM,
    /** Maximum, propagating NaN as PyTorch's {@code amax}. */
    MAX,
    /** Minimum, propagating NaN as PyTorch's {@code amin}. */
    MIN
}
