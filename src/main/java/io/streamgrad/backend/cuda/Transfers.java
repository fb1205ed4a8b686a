package io.streamgrad.backend.cuda;

import io.streamgrad.backend.Strided;
import io.streamgrad.tensor.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Host arrays to and from the GPU. Up to {@value #SMALL_BYTES} bytes (scalars, biases, the seminar's tensors)
 * go up inside a kernel launch's parameters, which keeps the upload asynchronous: a copy from pageable host
 * memory would first wait for all queued work. Larger arrays go through a native staging buffer and
 * {@code cuMemcpyHtoD}. Downloads wait for the queued work that produces the data, then copy.
 */
final class Transfers {
    static final int SMALL_BYTES = 256;

    private final DeviceContext context;
    private final KernelModule module;
    private final Operands operands;

    Transfers(DeviceContext context, KernelModule module, Operands operands) {
        this.context = context;
        this.module = module;
        this.operands = operands;
    }

    /** Copies {@code array} into {@code into}, which holds exactly its elements. */
    void upload(Object array, CudaStorage into) {
        long bytes = into.byteSize();
        if (bytes == 0) {
            return;
        }
        if (bytes <= SMALL_BYTES) {
            long[] words = new long[SMALL_BYTES / 8];
            write(array, MemorySegment.ofArray(words));
            context.launch(module.kernel("sg_upload_small"), 1, 1, 1,
                    LaunchArgs.forThread().pointer(into.address(0)).words(words).i32((int) bytes));
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(bytes, 8);
            write(array, host);
            context.driver.copyHostToDevice(into.address(0), host, bytes);
        }
    }

    /** The view's elements in row-major order as a new host array of its dtype. */
    Object download(Strided src, CudaBackend backend) {
        CudaStorage from = operands.read(src);
        int n = Geometry.numel(src.sizes());
        DType dtype = from.dtype();
        long bytes = (long) n * dtype.itemSize();
        if (n == 0) {
            return read(dtype, MemorySegment.NULL, 0);
        }
        CudaStorage staging = Geometry.isContiguousRun(src) ? null : backend.contiguousCopy(src);
        try (Arena arena = Arena.ofConfined()) {
            long address = staging == null ? from.address(src.storageOffset()) : staging.address(0);
            MemorySegment host = arena.allocate(bytes, 8);
            context.driver.copyDeviceToHost(host, address, bytes);
            return read(dtype, host, n);
        } finally {
            if (staging != null) {
                staging.close();
            }
        }
    }

    private static void write(Object array, MemorySegment to) {
        switch (array) {
            case float[] a -> MemorySegment.copy(a, 0, to, JAVA_FLOAT, 0, a.length);
            case double[] a -> MemorySegment.copy(a, 0, to, JAVA_DOUBLE, 0, a.length);
            case long[] a -> MemorySegment.copy(a, 0, to, JAVA_LONG, 0, a.length);
            case boolean[] a -> {
                for (int i = 0; i < a.length; i++) {
                    to.set(JAVA_BYTE, i, a[i] ? (byte) 1 : 0);
                }
            }
            default -> throw new IllegalArgumentException("unsupported host array " + array.getClass());
        }
    }

    private static Object read(DType dtype, MemorySegment from, int n) {
        return switch (dtype) {
            case FLOAT32 -> n == 0 ? new float[0] : from.asSlice(0, n * 4L).toArray(JAVA_FLOAT);
            case FLOAT64 -> n == 0 ? new double[0] : from.asSlice(0, n * 8L).toArray(JAVA_DOUBLE);
            case INT64 -> n == 0 ? new long[0] : from.asSlice(0, n * 8L).toArray(JAVA_LONG);
            case BOOL -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) {
                    out[i] = from.get(JAVA_BYTE, i) != 0;
                }
                yield out;
            }
        };
    }
}
