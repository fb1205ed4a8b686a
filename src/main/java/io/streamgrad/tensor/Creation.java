package io.streamgrad.tensor;

import io.streamgrad.backend.Layouts;
import io.streamgrad.backend.Backend;
import io.streamgrad.backend.cpu.CpuStorage;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** Factories behind {@link Tensor}'s static creation methods. */
final class Creation {
    private Creation() {
    }

    /** Wraps a host array (owned by the new tensor) as a CPU tensor of {@code shape}. */
    static Tensor fromArray(Object array, int[] shape) {
        return new Tensor(CpuStorage.wrap(array), shape);
    }

    /** An uninitialized-by-contract (zero-filled) tensor. */
    static Tensor empty(int[] shape, DType dtype, Device device) {
        Backend backend = Backends.of(device);
        return new Tensor(backend.allocate(dtype, (int) Shape.numel(shape)), shape);
    }

    static Tensor full(int[] shape, double value, DType dtype, Device device) {
        Shape.of(shape);
        Tensor t = empty(shape, dtype, device);
        if (value != 0) {
            t.backend().fill(t, value);
        }
        return t;
    }

    static void checkLength(int length, int[] shape) {
        long numel = Shape.of(shape).numel();
        if (numel != length) {
            throw new TensorException("shape " + Shape.of(shape) + " needs " + numel + " elements, but "
                    + length + " were given");
        }
    }

    static Tensor fromDoubles(double[] flat, int[] shape, DType dtype) {
        checkLength(flat.length, shape);
        if (dtype == DType.FLOAT32) {
            // The hot case (rows of data into a float32 model): one rounding per value, as the cast rounds, with
            // no float64 copy and no strided cast kernel in between.
            float[] rounded = new float[flat.length];
            for (int i = 0; i < flat.length; i++) {
                rounded[i] = (float) flat[i];
            }
            return fromArray(rounded, shape.clone());
        }
        Tensor t = fromArray(flat.clone(), shape.clone());
        return dtype == DType.FLOAT64 ? t : Conversions.castNoGrad(t, dtype);
    }

    /** Reads a rectangular nested Java array (any primitive numeric leaf) into a tensor of {@code dtype}. */
    static Tensor fromNested(Object nested, DType dtype) {
        List<Integer> shape = new ArrayList<>();
        Object level = nested;
        while (level.getClass().isArray() && level.getClass().getComponentType().isArray()) {
            shape.add(Array.getLength(level));
            level = Array.getLength(level) > 0 ? Array.get(level, 0) : null;
            if (level == null) {
                break;
            }
        }
        if (level != null) {
            shape.add(Array.getLength(level));
        }
        int[] sizes = shape.stream().mapToInt(Integer::intValue).toArray();
        double[] doubles = dtype == DType.INT64 ? null : new double[(int) Shape.numel(sizes)];
        long[] longs = dtype == DType.INT64 ? new long[(int) Shape.numel(sizes)] : null;
        int[] cursor = {0};
        flatten(nested, sizes, 0, doubles, longs, cursor);
        if (longs != null) {
            return fromArray(longs, sizes);
        }
        return fromDoubles(doubles, sizes, dtype);
    }

    private static void flatten(Object level, int[] sizes, int dim, double[] doubles, long[] longs, int[] cursor) {
        int length = Array.getLength(level);
        if (length != sizes[dim]) {
            throw new TensorException("expected sequence of length " + sizes[dim] + " at dim " + dim + " (got "
                    + length + ")");
        }
        for (int i = 0; i < length; i++) {
            Object item = Array.get(level, i);
            if (dim + 1 < sizes.length) {
                flatten(item, sizes, dim + 1, doubles, longs, cursor);
            } else if (longs != null) {
                longs[cursor[0]++] = ((Number) item).longValue();
            } else {
                doubles[cursor[0]++] = ((Number) item).doubleValue();
            }
        }
    }

    static Tensor arange(long start, long end, long step) {
        if (step == 0) {
            throw new TensorException("step must be nonzero");
        }
        long count = Math.max(0, (end - start + step + (step > 0 ? -1 : 1)) / step);
        long[] values = new long[(int) count];
        for (int i = 0; i < count; i++) {
            values[i] = start + i * step;
        }
        return fromArray(values, new int[] {(int) count});
    }

    static Tensor arange(double start, double end, double step) {
        if (step == 0) {
            throw new TensorException("step must be nonzero");
        }
        int count = (int) Math.max(0, Math.ceil((end - start) / step));
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (start + i * step);
        }
        return fromArray(values, new int[] {count});
    }

    static Tensor eye(int n, int m, DType dtype) {
        Tensor t = empty(new int[] {n, m}, dtype, Device.cpu());
        CpuStorage s = (CpuStorage) t.storage;
        for (int i = 0; i < Math.min(n, m); i++) {
            s.setDoubleAt(i * m + i, 1.0);
        }
        return t;
    }

    /** Contiguous row-major strides. */
    static int[] contiguousStrides(int[] sizes) {
        return Layouts.contiguousStrides(sizes);
    }
}
