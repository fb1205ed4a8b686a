package io.streamgrad.tensor;

import io.streamgrad.backend.UnaryOp;

/** Element-wise functions of one tensor and their backward rules. */
final class Pointwise {
    private Pointwise() {
    }

    private static Tensor[] one(Tensor grad) {
        return new Tensor[] {grad};
    }

    static Tensor neg(Tensor x) {
        if (x.dtype() == DType.BOOL) {
            throw new TensorException("Negation, the `-` operator, on a bool tensor is not supported. If you are"
                    + " trying to invert a mask, use the `~` or `logical_not()` operator instead.");
        }
        Tensor out = Elementwise.unary(UnaryOp.NEG, 0, 0, x);
        return Recorder.record(out, "NegBackward0", new Tensor[] {x}, (g, s) -> one(g.neg()));
    }

    static Tensor exp(Tensor x) {
        Tensor out = Elementwise.unary(UnaryOp.EXP, 0, 0, x);
        return Recorder.record(out, "ExpBackward0", new Tensor[] {x}, (g, s) -> one(g.mul(s[0])), out);
    }

    static Tensor log(Tensor x) {
        Tensor out = Elementwise.unary(UnaryOp.LOG, 0, 0, x);
        return Recorder.record(out, "LogBackward0", new Tensor[] {x}, (g, s) -> one(g.div(s[0])), x);
    }

    static Tensor sqrt(Tensor x) {
        Tensor out = Elementwise.unary(UnaryOp.SQRT, 0, 0, x);
        return Recorder.record(out, "SqrtBackward0", new Tensor[] {x}, (g, s) -> one(g.div(s[0].mul(2L))), out);
    }

    static Tensor abs(Tensor x) {
        Tensor out = Elementwise.unary(UnaryOp.ABS, 0, 0, x);
        return Recorder.record(out, "AbsBackward0", new Tensor[] {x},
                (g, s) -> one(g.mul(Elementwise.unary(UnaryOp.SIGN, 0, 0, s[0]))), x);
    }

    static Tensor reciprocal(Tensor x) {
        Tensor out = Elementwise.unary(UnaryOp.RECIPROCAL, 0, 0, x);
        return Recorder.record(out, "ReciprocalBackward0", new Tensor[] {x},
                (g, s) -> one(g.neg().mul(s[0]).mul(s[0])), out);
    }

    static Tensor relu(Tensor x) {
        Tensor out = Elementwise.unary(UnaryOp.RELU, 0, 0, x);
        return Recorder.record(out, "ReluBackward0", new Tensor[] {x},
                // PyTorch's threshold_backward(grad, result, 0): result <= 0 ? 0 : grad, so a NaN output passes it
                (g, s) -> one(Tensor.where(s[0].le(0.0), Tensor.scalar(0.0, g.dtype()).to(g.device()), g)), out);
    }

    static Tensor sigmoid(Tensor x) {
        Tensor out = Elementwise.unary(UnaryOp.SIGMOID, 0, 0, x);
        return Recorder.record(out, "SigmoidBackward0", new Tensor[] {x},
                (g, s) -> one(g.mul(s[0]).mul(s[0].rsub(1L))), out);
    }

    static Tensor tanh(Tensor x) {
        Tensor out = Elementwise.unary(UnaryOp.TANH, 0, 0, x);
        return Recorder.record(out, "TanhBackward0", new Tensor[] {x},
                (g, s) -> one(g.mul(s[0].mul(s[0]).rsub(1L))), out);
    }

    /**
     * {@code x ** e}. An integral exponent keeps integer tensors integral; a float exponent promotes them.
     * Negative integral exponents of integer tensors are refused, as in PyTorch.
     */
    static Tensor pow(Tensor x, double e, boolean integralExponent) {
        Tensor src = x;
        if (!x.dtype().isFloatingPoint() && !integralExponent) {
            src = Conversions.castNoGrad(x, DType.defaultFloat());
        } else if (!x.dtype().isFloatingPoint() && e < 0) {
            throw new TensorException("Integers to negative integer powers are not allowed.");
        }
        Tensor out = Elementwise.unary(UnaryOp.POW, e, 0, src);
        return Recorder.record(out, "PowBackward0", new Tensor[] {x}, (g, s) -> {
            if (e == 0.0) {
                return one(Tensor.zerosLike(g));
            }
            return one(g.mul(s[0].pow(e - 1).mul(e)));
        }, x);
    }

    /**
     * {@code base ** exponent} for two tensors (broadcast, promoted as PyTorch does), computed element by element:
     * {@code PowBackward1}, or {@code PowBackward2} when the base is a Python number wrapped as a 0-dim tensor.
     * Integer powers follow PyTorch's integral kernel: a negative exponent gives 0 except for bases 1 and -1.
     * The gradients are PyTorch's: {@code g * b * a^(b-1)} (0 where b == 0) for the base and
     * {@code g * a^b * log(a)} (0 where a == 0 and b >= 0) for the exponent.
     */
    static Tensor pow(Tensor a, Tensor b, String name) {
        DType type = TypePromotion.resultType(a, b);
        if (type == DType.BOOL) {
            throw new TensorException("\"pow\" not implemented for 'Bool'");
        }
        Device device = Elementwise.commonDevice(a, b);
        int[] shape = ShapeChecks.broadcast(a.sizes, b.sizes);
        Tensor ea = Conversions.castNoGrad(a.detach(), type).expand(shape).contiguous();
        Tensor eb = Conversions.castNoGrad(b.detach(), type).expand(shape).contiguous();
        Tensor out;
        if (type == DType.INT64) {
            long[] x = ea.toLongArray();
            long[] y = eb.toLongArray();
            long[] r = new long[x.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = powi(x[i], y[i]);
            }
            out = Tensor.fromData(r, shape);
        } else {
            double[] x = ea.toDoubleArray();
            double[] y = eb.toDoubleArray();
            double[] r = new double[x.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = type == DType.FLOAT64 ? Math.pow(x[i], y[i]) : (float) Math.pow((float) x[i], (float) y[i]);
            }
            out = Tensor.fromData(r, type, shape);
        }
        out = out.to(device);
        int[] as = a.sizes;
        int[] bs = b.sizes;
        boolean needA = a.requiresGrad();
        boolean needB = b.requiresGrad();
        return Recorder.record(out, name, new Tensor[] {a, b}, (g, s) -> {
            Tensor zero = Tensor.scalar(0.0, g.dtype()).to(g.device());
            Tensor ga = null;
            Tensor gb = null;
            if (needA) {
                Tensor d = s[1].mul(s[0].pow(s[1].sub(1L)));
                ga = Elementwise.sumToSize(Tensor.where(s[1].eq(0L), zero, g.mul(d)), as);
            }
            if (needB) {
                Tensor v = g.mul(s[2].mul(s[0].log()));
                gb = Elementwise.sumToSize(Tensor.where(s[0].eq(0L), Tensor.where(s[1].ge(0L), zero, v), v), bs);
            }
            return new Tensor[] {ga, gb};
        }, a, b, out);
    }

    /** PyTorch's integral pow: exact by squaring (wrapping); negative exponents give 0 unless the base is 1 or -1. */
    private static long powi(long base, long exp) {
        if (exp < 0) {
            if (base == 1) {
                return 1;
            }
            return base == -1 ? ((exp & 1) != 0 ? -1 : 1) : 0;
        }
        long result = 1;
        while (exp != 0) {
            if ((exp & 1) != 0) {
                result *= base;
            }
            exp >>= 1;
            base *= base;
        }
        return result;
    }

    static Tensor clamp(Tensor x, double min, double max, boolean integralBounds) {
        return clamp(x, min, max, integralBounds, "ClampBackward1");
    }

    /**
     * clamp recorded under {@code name}: {@code clamp_min}/{@code clamp_max} have nodes of their own. The bounds are
     * Python ints when {@code integralBounds}, else Python floats (NaN for a missing one).
     */
    static Tensor clamp(Tensor x, double min, double max, boolean integralBounds, String name) {
        checkClampBounds(min, max);
        DType type = clampType(x, integralBounds);
        Tensor src = x.dtype() == type ? x : Conversions.castNoGrad(x, type);
        Tensor out = Elementwise.unary(UnaryOp.CLAMP, min, max, src);
        return Recorder.record(out, name, new Tensor[] {x},
                (g, s) -> one(clampBackward(g, s[0], min, max)), x);
    }

    /**
     * PyTorch's {@code clamp_backward}: {@code where(min <= x <= max, grad, 0)}, so a blocked gradient is 0 even when
     * it is infinite (a multiply by the mask would give NaN) and a NaN input passes none.
     */
    static Tensor clampBackward(Tensor grad, Tensor x, double min, double max) {
        return Tensor.where(clampMask(x, min, max), grad, Tensor.scalar(0.0, grad.dtype()).to(grad.device()));
    }

    static void checkClampBounds(double min, double max) {
        if (Double.isNaN(min) && Double.isNaN(max)) {
            throw new TensorException("torch.clamp: At least one of 'min' or 'max' must not be None");
        }
    }

    /**
     * The dtype clamp computes and returns: PyTorch promotes an integer or bool tensor with its bounds, as with any
     * Python number (a float bound gives float32, an int bound turns bool into int64); a floating-point tensor keeps
     * its dtype.
     */
    static DType clampType(Tensor x, boolean integralBounds) {
        if (x.dtype().isFloatingPoint()) {
            return x.dtype();
        }
        return TypePromotion.resultType(x, integralBounds ? Scalars.wrap(0L) : Scalars.wrap(0.0));
    }

    /** Where {@code min <= x <= max} (missing bounds ignored): the elements clamp passes through. */
    static Tensor clampMask(Tensor x, double min, double max) {
        Tensor mask = null;
        if (!Double.isNaN(min)) {
            mask = x.ge(min);
        }
        if (!Double.isNaN(max)) {
            Tensor upper = x.le(max);
            mask = mask == null ? upper : mask.mul(upper);
        }
        return mask;
    }
}
