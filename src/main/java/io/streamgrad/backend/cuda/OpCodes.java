package io.streamgrad.backend.cuda;

import io.streamgrad.backend.BinaryOp;
import io.streamgrad.backend.ReduceOp;
import io.streamgrad.backend.UnaryOp;
import io.streamgrad.tensor.DType;

/**
 * The numbers the kernels use for dtypes and ops ({@code SG_F32}, {@code SG_NEG}, ... in
 * {@code src/main/cuda}). Spelled out rather than taken from {@code ordinal()}, so reordering an enum cannot
 * silently change what a kernel computes; the switches are exhaustive, so adding a constant fails to
 * compile until it has a kernel.
 */
final class OpCodes {
    private OpCodes() {
    }

    static int dtype(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> 0;
            case FLOAT64 -> 1;
            case INT64 -> 2;
            case BOOL -> 3;
        };
    }

    /** The kernel-name suffix of a dtype: {@code sg_unary_f32}, {@code sg_reduce_bool}, ... */
    static String suffix(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT64 -> "i64";
            case BOOL -> "bool";
        };
    }

    static int unary(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case EXP -> 1;
            case LOG -> 2;
            case SQRT -> 3;
            case ABS -> 4;
            case SIGN -> 5;
            case RELU -> 6;
            case SIGMOID -> 7;
            case TANH -> 8;
            case RECIPROCAL -> 9;
            case POW -> 10;
            case CLAMP -> 11;
        };
    }

    static int binary(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case GT -> 4;
            case LT -> 5;
            case GE -> 6;
            case LE -> 7;
            case EQ -> 8;
            case NE -> 9;
        };
    }

    static int reduce(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MAX -> 1;
            case MIN -> 2;
        };
    }

    /**
     * {@code value} cast to {@code dtype} as the CPU backend casts it (Java's casts: float rounding, saturating
     * and NaN-to-0 conversion to int64, non-zero to true), as raw bits for the fill kernels.
     */
    static long fillBits(DType dtype, double value) {
        return switch (dtype) {
            case FLOAT32 -> Float.floatToRawIntBits((float) value) & 0xffffffffL;
            case FLOAT64 -> Double.doubleToRawLongBits(value);
            case INT64 -> (long) value;
            case BOOL -> value != 0.0 ? 1 : 0;
        };
    }
}
