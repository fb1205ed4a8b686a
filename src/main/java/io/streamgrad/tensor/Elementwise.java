package io.streamgrad.tensor;

import io.streamgrad.backend.BinaryOp;
import io.streamgrad.backend.Strided;
import io.streamgrad.backend.UnaryOp;

/** Runs element-wise kernels: device checks, casting operands to the compute dtype, broadcasting. */
final class Elementwise {
    private Elementwise() {
    }

    /** The device all non-scalar operands share, or PyTorch's "Expected all tensors ..." error. */
    static Device commonDevice(Tensor... operands) {
        Device device = null;
        for (Tensor t : operands) {
            if (t.wrappedNumber || t.dim() == 0 && !t.device().isCuda() && operands.length > 1) {
                continue;
            }
            if (device == null) {
                device = t.device();
            } else if (!device.equals(t.device())) {
                throw new TensorException("Expected all tensors to be on the same device, but found at least two"
                        + " devices, " + device + " and " + t.device() + "!");
            }
        }
        return device != null ? device : operands[0].device();
    }

    /**
     * {@code op(a, b)} computed in {@code computeType}; the result has that dtype, or bool for comparisons.
     */
    static Tensor binary(BinaryOp op, Tensor a, Tensor b, DType computeType) {
        Device device = commonDevice(a, b);
        int[] shape = ShapeChecks.broadcast(a.sizes, b.sizes);
        Tensor out = Creation.empty(shape.clone(), op.isComparison() ? DType.BOOL : computeType, device);
        Backends.of(device).binary(op, operand(a, computeType, device, shape), operand(b, computeType, device, shape),
                out);
        return out;
    }

    /** {@code op(x, p, q)} in {@code x}'s dtype (or float32 for integer inputs to float-only ops). */
    static Tensor unary(UnaryOp op, double p, double q, Tensor x) {
        DType type = x.dtype().isFloatingPoint() || op.integerSupported() && x.dtype() != DType.BOOL
                ? x.dtype() : DType.defaultFloat();
        Tensor src = x.dtype() == type ? x : Conversions.castNoGrad(x, type);
        Tensor out = Creation.empty(x.sizes.clone(), type, x.device());
        x.backend().unary(op, p, q, src, out);
        return out;
    }

    /** {@code t} as a view of dtype {@code type} on {@code device}, broadcast to {@code shape}. */
    static Strided operand(Tensor t, DType type, Device device, int[] shape) {
        Tensor src = t;
        if (!src.device().equals(device)) {
            src = Conversions.to(src.detach(), device);
        }
        if (src.dtype() != type) {
            src = Conversions.castNoGrad(src, type);
        }
        if (java.util.Arrays.equals(src.sizes, shape)) {
            return src;
        }
        return Strided.of(src.storage, shape, ShapeChecks.expandedStrides(src.sizes, src.strides, shape), src.offset);
    }

    /** Sums a broadcast gradient back to {@code sizes}, the shape of the operand it belongs to. */
    static Tensor sumToSize(Tensor grad, int[] sizes) {
        if (java.util.Arrays.equals(grad.sizes, sizes)) {
            return grad;
        }
        int lead = grad.dim() - sizes.length;
        java.util.List<Integer> dims = new java.util.ArrayList<>();
        for (int i = 0; i < grad.dim(); i++) {
            if (i < lead || sizes[i - lead] == 1 && grad.sizes[i] != 1) {
                dims.add(i);
            }
        }
        Tensor summed = dims.isEmpty() ? grad
                : Reductions.sum(grad, dims.stream().mapToInt(Integer::intValue).toArray(), true);
        return summed.reshape(sizes);
    }
}
