package io.streamgrad.io;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The safetensors dtype codes streamgrad reads and writes, each with the one place that encodes a tensor's
 * elements into little-endian bytes and decodes them back.
 */
enum StoredDType {
    F32(DType.FLOAT32) {
        @Override
        void encode(Tensor t, ByteBuffer out) {
            out.asFloatBuffer().put(t.toFloatArray());
        }

        @Override
        Tensor decode(String name, ByteBuffer in, int[] shape, int numel) {
            float[] values = new float[numel];
            in.asFloatBuffer().get(values);
            return Tensor.fromData(values, shape);
        }
    },
    F64(DType.FLOAT64) {
        @Override
        void encode(Tensor t, ByteBuffer out) {
            out.asDoubleBuffer().put(t.toDoubleArray());
        }

        @Override
        Tensor decode(String name, ByteBuffer in, int[] shape, int numel) {
            double[] values = new double[numel];
            in.asDoubleBuffer().get(values);
            return Tensor.fromData(values, DType.FLOAT64, shape);
        }
    },
    I64(DType.INT64) {
        @Override
        void encode(Tensor t, ByteBuffer out) {
            out.asLongBuffer().put(t.toLongArray());
        }

        @Override
        Tensor decode(String name, ByteBuffer in, int[] shape, int numel) {
            long[] values = new long[numel];
            in.asLongBuffer().get(values);
            return Tensor.fromData(values, shape);
        }
    },
    BOOL(DType.BOOL) {
        @Override
        void encode(Tensor t, ByteBuffer out) {
            for (boolean b : t.toBooleanArray()) {
                out.put((byte) (b ? 1 : 0));
            }
        }

        @Override
        Tensor decode(String name, ByteBuffer in, int[] shape, int numel) {
            boolean[] values = new boolean[numel];
            for (int i = 0; i < numel; i++) {
                byte b = in.get(i);
                // Any other byte is not a bool PyTorch would produce; guessing its meaning would hide corruption.
                if (b != 0 && b != 1) {
                    throw new SafetensorsFormatException("tensor '" + name + "' (BOOL) holds the byte " + (b & 0xff)
                            + " at element " + i + "; BOOL elements must be the bytes 0 or 1");
                }
                values[i] = b == 1;
            }
            return Tensor.fromData(values, shape);
        }
    };

    private final DType dtype;

    StoredDType(DType dtype) {
        this.dtype = dtype;
    }

    DType dtype() {
        return dtype;
    }

    /** Bytes per element, the same in memory and on disk. */
    int itemSize() {
        return dtype.itemSize();
    }

    /** {@code t}'s elements in row-major order (whatever its strides), little-endian. */
    byte[] encode(Tensor t) {
        byte[] bytes = new byte[Math.toIntExact(t.numel() * itemSize())];
        encode(t, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        return bytes;
    }

    /** Writes the elements into {@code out}, a little-endian buffer of exactly their size. */
    abstract void encode(Tensor t, ByteBuffer out);

    /** Reads {@code numel} elements from {@code in}, a little-endian buffer of exactly their size. */
    abstract Tensor decode(String name, ByteBuffer in, int[] shape, int numel);

    static StoredDType of(DType dtype) {
        return valueOf(switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
        });
    }

    /** The code of a header entry; other codes (F16, BF16, I32, ...) are valid safetensors we cannot hold. */
    static StoredDType parse(String code, String tensorName) {
        for (StoredDType d : values()) {
            if (d.name().equals(code)) {
                return d;
            }
        }
        throw new SafetensorsFormatException("tensor '" + tensorName + "' has dtype \"" + code
                + "\", which streamgrad cannot read; expected one of " + supported()
                + " (convert the tensor, e.g. with .float(), before saving)");
    }

    private static String supported() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
