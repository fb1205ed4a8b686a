package io.streamgrad.backend;

/**
 * Element-wise functions of one operand that every backend implements. {@code p} and {@code q} are
 * the op's scalar parameters (the exponent of {@link #POW}, the bounds of {@link #CLAMP}; NaN means
 * "no bound"). Results follow PyTorch's CPU definitions, including NaN propagation.
 */
public enum UnaryOp {
    /** {@code -x}. */
    NEG {
        @Override public double apply(double x, double p, double q) { return -x; }
        @Override public long apply(long x, double p, double q) { return -x; }
    },
    /** {@code e ** x}. */
    EXP {
        @Override public double apply(double x, double p, double q) { return Math.exp(x); }
    },
    /** Natural logarithm; {@code -inf} at 0, NaN below 0. */
    LOG {
        @Override public double apply(double x, double p, double q) { return Math.log(x); }
    },
    /** Square root; NaN below 0. */
    SQRT {
        @Override public double apply(double x, double p, double q) { return Math.sqrt(x); }
    },
    /** {@code |x|}; on int64 {@code Long.MIN_VALUE} stays negative, as two's complement wraps. */
    ABS {
        @Override public double apply(double x, double p, double q) { return Math.abs(x); }
        @Override public long apply(long x, double p, double q) { return Math.abs(x); }
    },
    /** -1, 0 or 1 by the sign of {@code x} (signed zeros kept, NaN stays NaN). */
    SIGN {
        @Override public double apply(double x, double p, double q) { return Double.isNaN(x) ? x : Math.signum(x); }
        @Override public long apply(long x, double p, double q) { return Long.signum(x); }
    },
    /** {@code max(x, 0)}, NaN kept. */
    RELU {
        @Override public double apply(double x, double p, double q) { return x > 0 || Double.isNaN(x) ? x : 0.0; }
        @Override public long apply(long x, double p, double q) { return Math.max(x, 0); }
    },
    /** {@code 1 / (1 + e ** -x)}. */
    SIGMOID {
        @Override public double apply(double x, double p, double q) { return 1.0 / (1.0 + Math.exp(-x)); }
    },
    /** Hyperbolic tangent. */
    TANH {
        @Override public double apply(double x, double p, double q) { return Math.tanh(x); }
    },
    /** {@code 1 / x}; infinite at 0. */
    RECIPROCAL {
        @Override public double apply(double x, double p, double q) { return 1.0 / x; }
    },
    /** {@code x ** p}. */
    POW {
        @Override public double apply(double x, double p, double q) {
            return p == 2.0 ? x * x : Math.pow(x, p);
        }
        @Override public float apply(float x, double p, double q) {
            // float32 squares round once, as PyTorch's x*x does.
            return p == 2.0 ? x * x : (float) Math.pow(x, p);
        }
        @Override public long apply(long x, double p, double q) {
            long result = 1;
            for (long i = 0; i < (long) p; i++) {
                result *= x;
            }
            return result;
        }
    },
    /** {@code min(max(x, p), q)} with NaN bounds ignored and NaN inputs kept. */
    CLAMP {
        @Override public double apply(double x, double p, double q) {
            if (Double.isNaN(x)) {
                return x;
            }
            double r = Double.isNaN(p) ? x : Math.max(x, p);
            return Double.isNaN(q) ? r : Math.min(r, q);
        }
        @Override public long apply(long x, double p, double q) {
            long r = Double.isNaN(p) ? x : Math.max(x, (long) Math.ceil(p));
            return Double.isNaN(q) ? r : Math.min(r, (long) Math.floor(q));
        }
    };

    /** The function in float64. */
    public abstract double apply(double x, double p, double q);

    /** The function in float32; by default computed in float64 and rounded once. */
    public float apply(float x, double p, double q) {
        return (float) apply((double) x, p, q);
    }

    /** The function on int64, for the ops PyTorch defines on integers. */
    public long apply(long x, double p, double q) {
        throw new UnsupportedOperationException(name() + " is not defined for int64 tensors");
    }

    /** Whether the op is defined on integer tensors without promotion to float. */
    public boolean integerSupported() {
        return this == NEG || this == ABS || this == SIGN || this == RELU || this == POW || this == CLAMP;
    }
}
