package io.streamgrad.backend;

/**
 * Element-wise functions of two operands of the same dtype. Comparisons produce bool; the others
 * produce the operands' dtype. Integer division is never asked of a backend: true division of
 * integers is promoted to float above it, as in PyTorch.
 */
public enum BinaryOp {
    ADD {
        @Override public double apply(double a, double b) { return a + b; }
        @Override public float apply(float a, float b) { return a + b; }
        @Override public long apply(long a, long b) { return a + b; }
    },
    SUB {
        @Override public double apply(double a, double b) { return a - b; }
        @Override public float apply(float a, float b) { return a - b; }
        @Override public long apply(long a, long b) { return a - b; }
    },
    MUL {
        @Override public double apply(double a, double b) { return a * b; }
        @Override public float apply(float a, float b) { return a * b; }
        @Override public long apply(long a, long b) { return a * b; }
    },
    DIV {
        @Override public double apply(double a, double b) { return a / b; }
        @Override public float apply(float a, float b) { return a / b; }
        @Override public long apply(long a, long b) { return a / b; }
    },
    GT {
        @Override public boolean test(double a, double b) { return a > b; }
        @Override public boolean test(long a, long b) { return a > b; }
    },
    LT {
        @Override public boolean test(double a, double b) { return a < b; }
        @Override public boolean test(long a, long b) { return a < b; }
    },
    GE {
        @Override public boolean test(double a, double b) { return a >= b; }
        @Override public boolean test(long a, long b) { return a >= b; }
    },
    LE {
        @Override public boolean test(double a, double b) { return a <= b; }
        @Override public boolean test(long a, long b) { return a <= b; }
    },
    EQ {
        @Override public boolean test(double a, double b) { return a == b; }
        @Override public boolean test(long a, long b) { return a == b; }
    },
    NE {
        @Override public boolean test(double a, double b) { return a != b; }
        @Override public boolean test(long a, long b) { return a != b; }
    };

    /** Whether the result is a bool tensor. */
    public boolean isComparison() {
        return ordinal() >= GT.ordinal();
    }

    public double apply(double a, double b) {
        throw new UnsupportedOperationException(name() + " is a comparison");
    }

    public float apply(float a, float b) {
        return (float) apply((double) a, (double) b);
    }

    public long apply(long a, long b) {
        throw new UnsupportedOperationException(name() + " is a comparison");
    }

    public boolean test(double a, double b) {
        throw new UnsupportedOperationException(name() + " is not a comparison");
    }

    public boolean test(long a, long b) {
        throw new UnsupportedOperationException(name() + " is not a comparison");
    }
}
