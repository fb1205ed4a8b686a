package io.streamgrad.tensor;

import io.streamgrad.autograd.AutogradException;
import io.streamgrad.backend.BinaryOp;

import java.util.Arrays;

/**
 * The trailing-underscore ops. Each checks what PyTorch checks (a leaf that requires grad cannot be
 * modified while grad mode is on; the result dtype must fit the tensor; the other operand must broadcast
 * to this tensor's shape), writes through the tensor's view, bumps the shared version counter, and, when
 * recording, makes the op's node the tensor's new {@code grad_fn}.
 */
final class InPlace {
    private InPlace() {
    }

    /**
     * Refuses what PyTorch refuses, and in-place ops that would record history through a view, which
     * streamgrad does not support (PyTorch's CopySlices): their gradients would silently miss the base.
     */
    static void checkModifiable(Tensor self, Tensor... others) {
        if (!Tensor.recording()) {
            return;
        }
        checkModifiable(self);
        if (self.base != null && Recorder.needsGrad(others)) {
            throw new AutogradException("in-place modification of a view with an operand that requires grad is not"
                    + " supported by streamgrad; use an out-of-place op (e.g. mul instead of mul_)");
        }
    }

    static void checkModifiable(Tensor self) {
        if (!Tensor.recording()) {
            return;
        }
        if (self.isLeaf() && self.requiresGrad) {
            throw new AutogradException("a leaf Variable that requires grad is being used in an in-place operation.");
        }
        if (self.base != null && self.base.isLeaf() && self.base.requiresGrad) {
            throw new AutogradException("a view of a leaf Variable that requires grad is being used in an in-place"
                    + " operation.");
        }
        if (self.base != null && self.base.requiresGrad() && self.requiresGrad()) {
            throw new AutogradException("in-place modification of a view of a tensor that requires grad is not"
                    + " supported by streamgrad; use an out-of-place op (e.g. add instead of add_)");
        }
    }

    static Tensor binary(Tensor self, Tensor other, BinaryOp op) {
        checkModifiable(self, other);
        if (op == BinaryOp.SUB) {
            Arithmetic.checkSubtractable(self, other);
        }
        DType result = TypePromotion.resultType(self, other);
        if (op == BinaryOp.DIV && !result.isFloatingPoint()) {
            result = DType.defaultFloat();
        }
        if (!DType.canCast(result, self.dtype())) {
            throw new TensorException("result type " + result.legacyName() + " can't be cast to the desired output type "
                    + self.dtype().legacyName());
        }
        int[] shape = ShapeChecks.broadcast(self.sizes, other.sizes);
        if (!Arrays.equals(shape, self.sizes)) {
            throw new TensorException("output with shape " + Arrays.toString(self.sizes)
                    + " doesn't match the broadcast shape " + Arrays.toString(shape));
        }
        boolean record = Recorder.needsGrad(self, other);
        Tensor before = record && (op == BinaryOp.MUL || op == BinaryOp.DIV) ? Conversions.castNoGrad(self, self.dtype())
                : null;
        Tensor value = Elementwise.binary(op, self, other, result);
        self.copyFrom(value);
        if (record) {
            recordBinary(self, other, op, before);
            self.historyEpoch++;
        }
        return self;
    }

    private static void recordBinary(Tensor self, Tensor other, BinaryOp op, Tensor before) {
        int[] os = other.sizes;
        switch (op) {
            case ADD -> Recorder.record(self, "AddBackward0", new Tensor[] {self, other},
                    (g, s) -> new Tensor[] {g, Elementwise.sumToSize(g, os)});
            case SUB -> Recorder.record(self, "SubBackward0", new Tensor[] {self, other},
                    (g, s) -> new Tensor[] {g, Elementwise.sumToSize(g.neg(), os)});
            case MUL -> Recorder.record(self, "MulBackward0", new Tensor[] {self, other},
                    (g, s) -> new Tensor[] {g.mul(s[1]), Elementwise.sumToSize(g.mul(s[0]), os)}, before, other);
            case DIV -> Recorder.record(self, "DivBackward0", new Tensor[] {self, other},
                    (g, s) -> new Tensor[] {g.div(s[1]),
                        Elementwise.sumToSize(g.neg().mul(s[0]).div(s[1].mul(s[1])), os)}, before, other);
            default -> throw new IllegalArgumentException(op + " has no in-place form");
        }
    }

    static Tensor transpose(Tensor self) {
        if (self.dim() > 2) {
            throw new TensorException("t_() expects a tensor with <= 2 dimensions, but self is " + self.dim() + "D");
        }
        checkModifiable(self);
        boolean record = Recorder.needsGrad(self);
        if (self.dim() == 2) {
            Views.swap(self.sizes = self.sizes.clone(), 0, 1);
            Views.swap(self.strides = self.strides.clone(), 0, 1);
        }
        self.versionCounter.bump();
        if (record) {
            Recorder.record(self, "TBackward0", new Tensor[] {self}, (g, s) -> new Tensor[] {g.t()});
            self.historyEpoch++;
        }
        return self;
    }

    static Tensor copy(Tensor self, Tensor src) {
        checkModifiable(self, src);
        ShapeChecks.broadcast(self.sizes, src.sizes);
        boolean record = Recorder.needsGrad(self, src);
        self.copyFrom(src);
        if (record) {
            int[] ss = src.sizes;
            DType st = src.dtype();
            Recorder.record(self, "CopyBackwards", new Tensor[] {self, src},
                    (g, s) -> new Tensor[] {Tensor.zerosLike(g), Elementwise.sumToSize(g, ss).to(st)});
            self.historyEpoch++;
        }
        return self;
    }

    /** Fills in place; {@code name} is the node recorded, as zero_ and fill_ have their own whatever the value. */
    static Tensor fill(Tensor self, double value, String name) {
        checkModifiable(self);
        boolean record = Recorder.needsGrad(self);
        self.backend().fill(self, value);
        self.versionCounter.bump();
        if (record) {
            Recorder.record(self, name, new Tensor[] {self},
                    (g, s) -> new Tensor[] {Tensor.zerosLike(g)});
            self.historyEpoch++;
        }
        return self;
    }

    static Tensor clamp(Tensor self, double min, double max, boolean integralBounds) {
        checkModifiable(self);
        Pointwise.checkClampBounds(min, max);
        DType type = Pointwise.clampType(self, integralBounds);
        if (type != self.dtype()) {
            throw new TensorException("result type " + type.legacyName() + " can't be cast to the desired inplace"
                    + " output type " + self.dtype().legacyName());
        }
        boolean record = Recorder.needsGrad(self);
        Tensor before = record ? Conversions.castNoGrad(self, self.dtype()) : null;
        self.copyFrom(Pointwise.clamp(self.detach(), min, max, integralBounds));
        if (record) {
            Recorder.record(self, "ClampBackward1", new Tensor[] {self},
                    (g, s) -> new Tensor[] {Pointwise.clampBackward(g, s[0], min, max)}, before);
            self.historyEpoch++;
        }
        return self;
    }
}
