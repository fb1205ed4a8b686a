package io.streamgrad.tensor;

/**
 * PyTorch's {@code result_type}: operands are ranked dimensioned tensors, then 0-dim tensors, then Python
 * numbers; a lower-ranked operand changes the result only when its category ({@code bool < integral < floating})
 * is higher, and a Python float then brings the default float dtype.
 */
final class TypePromotion {
    private TypePromotion() {
    }

    static DType resultType(Tensor... operands) {
        DType dimResult = null;
        DType zeroResult = null;
        DType wrappedResult = null;
        for (Tensor t : operands) {
            DType d = t.dtype();
            if (t.wrappedNumber) {
                DType w = d.isFloatingPoint() ? DType.defaultFloat() : d;
                wrappedResult = promote(wrappedResult, w);
            } else if (t.dim() == 0) {
                zeroResult = promote(zeroResult, d);
            } else {
                dimResult = promote(dimResult, d);
            }
        }
        return combine(dimResult, combine(zeroResult, wrappedResult));
    }

    private static DType promote(DType a, DType b) {
        return a == null ? b : DType.promote(a, b);
    }

    private static DType combine(DType higher, DType lower) {
        if (higher == null) {
            return lower;
        }
        if (lower == null || higher.isFloatingPoint()) {
            return higher;
        }
        if (higher == DType.BOOL || lower.isFloatingPoint()) {
            return DType.promote(higher, lower);
        }
        return higher;
    }
}
