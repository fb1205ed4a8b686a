package io.streamgrad.tensor;

import io.streamgrad.backend.BinaryOp;

/** add, sub, mul, div and rsub with broadcasting and type promotion; forward and backward side by side. */
final class Arithmetic {
    private Arithmetic() {
    }

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = Elementwise.binary(BinaryOp.ADD, a, b, TypePromotion.resultType(a, b));
        int[] as = a.sizes;
        int[] bs = b.sizes;
        return Recorder.record(out, "AddBackward0", new Tensor[] {a, b},
                (g, s) -> new Tensor[] {Elementwise.sumToSize(g, as), Elementwise.sumToSize(g, bs)});
    }

    static Tensor sub(Tensor a, Tensor b) {
        checkSubtractable(a, b);
        Tensor out = Elementwise.binary(BinaryOp.SUB, a, b, TypePromotion.resultType(a, b));
        int[] as = a.sizes;
        int[] bs = b.sizes;
        boolean needB = b.requiresGrad();
        return Recorder.record(out, "SubBackward0", new Tensor[] {a, b},
                (g, s) -> new Tensor[] {Elementwise.sumToSize(g, as), needB ? Elementwise.sumToSize(g.neg(), bs) : null});
    }

    /** {@code b - a}, PyTorch's {@code rsub(a, b)}. */
    static Tensor rsub(Tensor a, Tensor b) {
        checkSubtractable(a, b);
        Tensor out = Elementwise.binary(BinaryOp.SUB, b, a, TypePromotion.resultType(a, b));
        int[] as = a.sizes;
        int[] bs = b.sizes;
        return Recorder.record(out, "RsubBackward1", new Tensor[] {a, b},
                (g, s) -> new Tensor[] {Elementwise.sumToSize(g.neg(), as), Elementwise.sumToSize(g, bs)});
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = Elementwise.binary(BinaryOp.MUL, a, b, TypePromotion.resultType(a, b));
        int[] as = a.sizes;
        int[] bs = b.sizes;
        boolean needA = a.requiresGrad();
        boolean needB = b.requiresGrad();
        return Recorder.record(out, "MulBackward0", new Tensor[] {a, b}, (g, s) -> new Tensor[] {
            needA ? Elementwise.sumToSize(g.mul(s[1]), as) : null,
            needB ? Elementwise.sumToSize(g.mul(s[0]), bs) : null}, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        DType type = TypePromotion.resultType(a, b);
        if (!type.isFloatingPoint()) {
            type = DType.defaultFloat();
        }
        Tensor out = Elementwise.binary(BinaryOp.DIV, a, b, type);
        int[] as = a.sizes;
        int[] bs = b.sizes;
        boolean needA = a.requiresGrad();
        boolean needB = b.requiresGrad();
        return Recorder.record(out, "DivBackward0", new Tensor[] {a, b}, (g, s) -> new Tensor[] {
            needA ? Elementwise.sumToSize(g.div(s[1]), as) : null,
            needB ? Elementwise.sumToSize(g.neg().mul(s[0]).div(s[1].mul(s[1])), bs) : null}, a, b);
    }

    /**
     * PyTorch's {@code sub_check}, run by {@code sub}, {@code sub_} and {@code rsub} alike: subtraction refuses a bool
     * operand, pointing at xor for two bools and at logical_not for a mask.
     */
    static void checkSubtractable(Tensor a, Tensor b) {
        if (a.dtype() == DType.BOOL && b.dtype() == DType.BOOL) {
            throw new TensorException("Subtraction, the `-` operator, with two bool tensors is not supported. Use the"
                    + " `^` or `logical_xor()` operator instead.");
        }
        if (a.dtype() == DType.BOOL || b.dtype() == DType.BOOL) {
            throw new TensorException("Subtraction, the `-` operator, with a bool tensor is not supported. If you are"
                    + " trying to invert a mask, use the `~` or `logical_not()` operator instead.");
        }
    }
}
