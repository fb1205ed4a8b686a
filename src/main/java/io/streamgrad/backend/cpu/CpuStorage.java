package io.streamgrad.backend.cpu;

import io.streamgrad.backend.Storage;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;

/**
 * A storage in a Java array: {@code float[]} for float32, {@code double[]} for float64, {@code long[]}
 * for int64, {@code boolean[]} for bool.
 */
public final class CpuStorage implements Storage {
    private final DType dtype;
    private final Object array;
    private final int length;

    CpuStorage(DType dtype, Object array) {
        this.dtype = dtype;
        this.array = array;
        this.length = switch (array) {
            case float[] a -> a.length;
            case double[] a -> a.length;
            case long[] a -> a.length;
            case boolean[] a -> a.length;
            default -> throw new IllegalArgumentException("unsupported array " + array.getClass());
        };
    }

    static CpuStorage allocate(DType dtype, int length) {
        return new CpuStorage(dtype, switch (dtype) {
            case FLOAT32 -> new float[length];
            case FLOAT64 -> new double[length];
            case INT64 -> new long[length];
            case BOOL -> new boolean[length];
        });
    }

    /** Wraps a host array without copying. */
    public static CpuStorage wrap(Object array) {
        return new CpuStorage(dtypeOf(array), array);
    }

    static DType dtypeOf(Object array) {
        return switch (array) {
            case float[] ignored -> DType.FLOAT32;
            case double[] ignored -> DType.FLOAT64;
            case long[] ignored -> DType.INT64;
            case boolean[] ignored -> DType.BOOL;
            default -> throw new IllegalArgumentException(
                    "expected float[], double[], long[] or boolean[], got " + array.getClass().getSimpleName());
        };
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    /** The backing array; its type follows {@link #dtype()}. */
    public Object array() {
        return array;
    }

    /**
     * The backing array of a float32 storage, shared, not copied.
     *
     * @throws ClassCastException if the storage is not float32
     */
    public float[] floats() {
        return (float[]) array;
    }

    /**
     * The backing array of a float64 storage, shared, not copied.
     *
     * @throws ClassCastException if the storage is not float64
     */
    public double[] doubles() {
        return (double[]) array;
    }

    /**
     * The backing array of an int64 storage, shared, not copied.
     *
     * @throws ClassCastException if the storage is not int64
     */
    public long[] longs() {
        return (long[]) array;
    }

    /**
     * The backing array of a bool storage, shared, not copied.
     *
     * @throws ClassCastException if the storage is not bool
     */
    public boolean[] bools() {
        return (boolean[]) array;
    }

    double getDouble(int i) {
        return switch (dtype) {
            case FLOAT32 -> ((float[]) array)[i];
            case FLOAT64 -> ((double[]) array)[i];
            case INT64 -> ((long[]) array)[i];
            case BOOL -> ((boolean[]) array)[i] ? 1.0 : 0.0;
        };
    }

    long getLong(int i) {
        return switch (dtype) {
            case FLOAT32 -> (long) ((float[]) array)[i];
            case FLOAT64 -> (long) ((double[]) array)[i];
            case INT64 -> ((long[]) array)[i];
            case BOOL -> ((boolean[]) array)[i] ? 1L : 0L;
        };
    }

    /** Writes one element, converting from double. */
    public void setDoubleAt(int i, double v) {
        setDouble(i, v);
    }

    void setDouble(int i, double v) {
        switch (dtype) {
            case FLOAT32 -> ((float[]) array)[i] = (float) v;
            case FLOAT64 -> ((double[]) array)[i] = v;
            case INT64 -> ((long[]) array)[i] = (long) v;
            case BOOL -> ((boolean[]) array)[i] = v != 0.0;
        }
    }

    void setLong(int i, long v) {
        switch (dtype) {
            case FLOAT32 -> ((float[]) array)[i] = (float) v;
            case FLOAT64 -> ((double[]) array)[i] = (double) v;
            case INT64 -> ((long[]) array)[i] = v;
            case BOOL -> ((boolean[]) array)[i] = v != 0L;
        }
    }
}
