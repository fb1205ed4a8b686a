package io.streamgrad.backend;

/**
 * Element-wise functions of two operands of the same dtype. Comparisons produce bool; the others
 * produce the operands' dtype. Integer division is never asked of a backend: true division of
 * integers is promoted to float above it, as in PyTorch.
 */
public enum BinaryOp {
    /** {@code a + b}; int64 wraps on overflow. */
    ADD {
        @Override public double apply(double a, double b) { return a + b; }
        @Override public float apply(float a, float b) { return a + b; }
        @Override public long apply(long a, long b) { return a + b; }
    },
    /** {@code a - b}; int64 wraps on overflow. */
    SUB {
        @Override public double apply(double a, double b) { return a - b; }
        @Override public float apply(float a, float b) { return a - b; }
        @Override public long apply(long a, long b) { return a - b; }
    },
    /** {@code a * b}; int64 wraps on overflow. */
    MUL {
        @Override public double apply(double a, double b) { return a * b; }
        @Override public float apply(float a, float b) { return a * b; }
        @Override public long apply(long a, long b) { return a * b; }
    },
    /** {@code a / b}, IEEE division for floats. Integer operands are promoted to float before a backend sees them. */
    DIV {
        @Override public double apply(double a, double b) { return a / b; }
        @Override public float apply(float a, float b) { return a / b; }
        @Override public long apply(long a, long b) { return a / b; }
    },
    /** {@code a > b}, bool; false when either operand is NaN. */
    GT {
        @Override public boolean test(double a, double b) { return a > b; }
        @Override public boolean test(long a, long b) { return a > b; }
    },
    /** {@code a < b}, bool; false when either operand is NaN. */
    LT {
        @Override public boolean test(double a, double b) { return a < b; }
        @Override public boolean test(long a, long b) { return a < b; }
    },
    /** {@code a >= b}, bool; false when either operand is NaN. */
    GE {
        @Override public boolean test(double a, double b) { return a >= b; }
        @Override public boolean test(long a, long b) { return a >= b; }
    },
    /** {@code a <= b}, bool; false when either operand is NaN. */
    LE {
        @Override public boolean test(double a, double b) { return a <= b; }
        @Override public boolean test(long a, long b) { return a <= b; }
    },
    /** {@code a == b}, bool; false when either operand is NaN. */
    EQ {
        @Override public boolean test(double a, double b) { return a == b; }
        @Override public boolean test(long a, long b) { return a == b; }
    },
    /** {@code a != b}, bool; true when either operand is NaN. */
    NE {
        @Override public boolean test(double a, double b) { return a != b; }
        @Override public boolean test(long a, long b) { return a != b; }
    };

    /** Whether the result is a bool tensor. */
    public boolean isComparison() {
        return ordinal() >= GT.ordinal();
    }

    /**
     * The arithmetic op in float64.
     *
     * @throws UnsupportedOperationException for a comparison; use {@link #test(double, double)}
     */
    public double apply(double a, double b) {
        throw new UnsupportedOperationException(name() + " is a comparison");
    }

    /**
     * The arithmetic op in float32, each result rounded once to float as in PyTorch's float32 kernels.
     *
     * @throws UnsupportedOperationException for a comparison
     */
    public float apply(float a, float b) {
        return (float) apply((double) a, (double) b);
    }

    /**
     * The arithmetic op on int64, in Java's {@code long} arithmetic.
     *
     * @throws UnsupportedOperationException for a comparison
     */
    public long apply(long a, long b) {
        throw new UnsupportedOperationException(name() + " is a comparison");
    }

    /**
     * The comparison on floating-point operands (float32 widens to float64 exactly), with IEEE NaN semantics.
     *
     * @throws UnsupportedOperationException for an arithmetic op; use {@link #apply(double, double)}
     */
    public boolean test(double a, double b) {
        throw new UnsupportedOperationException(name() + " is not a comparison");
    }

    /**
     * The comparison on int64 operands, compared exactly rather than through float64.
     *
     * @throws UnsupportedOperationException for an arithmetic op
     */
    public boolean test(long a, long b) {
        throw new UnsupportedOperationException(name() + " is not a comparison");
    }
}
