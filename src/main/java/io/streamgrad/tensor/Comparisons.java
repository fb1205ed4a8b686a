package io.streamgrad.tensor;

import io.streamgrad.backend.BinaryOp;
import io.streamgrad.backend.Strided;

/** Comparisons (bool results, never differentiable) and {@code where}. */
final class Comparisons {
    private Comparisons() {
    }

    static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        return Elementwise.binary(op, a, b, TypePromotion.resultType(a, b));
    }

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        if (condition.dtype() != DType.BOOL) {
            throw new TensorException("where expected condition to be a boolean tensor, but got a tensor with dtype "
                    + condition.dtype().legacyName());
        }
        Device device = Elementwise.commonDevice(condition, a, b);
        DType type = TypePromotion.resultType(a, b);
        int[] shape = ShapeChecks.broadcast(ShapeChecks.broadcast(condition.sizes, a.sizes), b.sizes);
        Tensor out = Creation.empty(shape.clone(), type, device);
        Strided c = Elementwise.operand(condition, DType.BOOL, device, shape);
        Backends.of(device).where(c, Elementwise.operand(a, type, device, shape),
                Elementwise.operand(b, type, device, shape), out);
        int[] as = a.sizes;
        int[] bs = b.sizes;
        return Recorder.record(out, "WhereBackward0", new Tensor[] {condition, a, b}, (g, s) -> {
            Tensor zeros = Tensor.zerosLike(g);
            return new Tensor[] {null,
                Elementwise.sumToSize(Tensor.where(s[0], g, zeros), as),
                Elementwise.sumToSize(Tensor.where(s[0], zeros, g), bs)};
        }, condition);
    }
}
