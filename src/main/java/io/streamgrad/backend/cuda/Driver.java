package io.streamgrad.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.NoSuchElementException;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings to the CUDA driver API in {@code libcuda.so.1}, through {@code java.lang.foreign} alone. CUDA 13's
 * {@code cuda.h} maps many names to versioned ones with macros ({@code #define cuMemAlloc cuMemAlloc_v2});
 * the library exports the versioned names, so those are bound. C types map as: {@code CUresult}, enums,
 * {@code int}, {@code unsigned int} and {@code CUdevice} to {@code JAVA_INT}; {@code CUdeviceptr}
 * ({@code unsigned long long}) and {@code size_t} to {@code JAVA_LONG}; handles and pointers to
 * {@code ADDRESS}. Every call's {@code CUresult} is checked; a failure raises {@link CudaException} with the
 * name {@code cuGetErrorName} gives.
 *
 * <p>Threading: the driver is thread-safe; calls act on the context current on the calling thread, which
 * {@link DeviceContext#makeCurrent()} sets.
 */
final class Driver {
    /** {@code CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT}. */
    static final int ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR} and {@code _MINOR}. */
    static final int ATTRIBUTE_CC_MAJOR = 75;
    static final int ATTRIBUTE_CC_MINOR = 76;

    private static final Linker LINKER = Linker.nativeLinker();
    private static Driver instance;
    private static RuntimeException failure;

    final String source;
    private final MethodHandle cuInit;
    private final MethodHandle cuDriverGetVersion;
    private final MethodHandle cuDeviceGetCount;
    private final MethodHandle cuDeviceGet;
    private final MethodHandle cuDeviceGetName;
    private final MethodHandle cuDeviceGetAttribute;
    private final MethodHandle cuDeviceTotalMem;
    private final MethodHandle cuDevicePrimaryCtxRetain;
    private final MethodHandle cuCtxSetCurrent;
    private final MethodHandle cuCtxSynchronize;
    private final MethodHandle cuMemAlloc;
    private final MethodHandle cuMemFree;
    private final MethodHandle cuMemGetInfo;
    private final MethodHandle cuMemcpyHtoD;
    private final MethodHandle cuMemcpyDtoH;
    private final MethodHandle cuMemcpyDtoD;
    private final MethodHandle cuMemsetD8;
    private final MethodHandle cuMemsetD32;
    private final MethodHandle cuModuleLoadData;
    private final MethodHandle cuModuleGetFunction;
    private final MethodHandle cuLaunchKernel;
    private final MethodHandle cuGetErrorName;

    private Driver(SymbolLookup lib, String source) {
        this.source = source;
        cuGetErrorName = bind(lib, "cuGetErrorName", JAVA_INT, ADDRESS);
        cuInit = bind(lib, "cuInit", JAVA_INT);
        cuDriverGetVersion = bind(lib, "cuDriverGetVersion", ADDRESS);
        cuDeviceGetCount = bind(lib, "cuDeviceGetCount", ADDRESS);
        cuDeviceGet = bind(lib, "cuDeviceGet", ADDRESS, JAVA_INT);
        cuDeviceGetName = bind(lib, "cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT);
        cuDeviceGetAttribute = bind(lib, "cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
        cuDeviceTotalMem = bind(lib, "cuDeviceTotalMem_v2", ADDRESS, JAVA_INT);
        cuDevicePrimaryCtxRetain = bind(lib, "cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT);
        cuCtxSetCurrent = bind(lib, "cuCtxSetCurrent", ADDRESS);
        cuCtxSynchronize = bind(lib, "cuCtxSynchronize");
        cuMemAlloc = bind(lib, "cuMemAlloc_v2", ADDRESS, JAVA_LONG);
        cuMemFree = bind(lib, "cuMemFree_v2", JAVA_LONG);
        cuMemGetInfo = bind(lib, "cuMemGetInfo_v2", ADDRESS, ADDRESS);
        cuMemcpyHtoD = bind(lib, "cuMemcpyHtoD_v2", JAVA_LONG, ADDRESS, JAVA_LONG);
        cuMemcpyDtoH = bind(lib, "cuMemcpyDtoH_v2", ADDRESS, JAVA_LONG, JAVA_LONG);
        cuMemcpyDtoD = bind(lib, "cuMemcpyDtoD_v2", JAVA_LONG, JAVA_LONG, JAVA_LONG);
        cuMemsetD8 = bind(lib, "cuMemsetD8_v2", JAVA_LONG, JAVA_BYTE, JAVA_LONG);
        cuMemsetD32 = bind(lib, "cuMemsetD32_v2", JAVA_LONG, JAVA_INT, JAVA_LONG);
        cuModuleLoadData = bind(lib, "cuModuleLoadData", ADDRESS, ADDRESS);
        cuModuleGetFunction = bind(lib, "cuModuleGetFunction", ADDRESS, ADDRESS, ADDRESS);
        // f, gridDim x/y/z, blockDim x/y/z, sharedMemBytes, hStream, kernelParams, extra
        cuLaunchKernel = bind(lib, "cuLaunchKernel", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    }

    /** The driver, opened and initialized ({@code cuInit}) once per process; the first failure is kept. */
    static synchronized Driver get() {
        if (instance != null) {
            return instance;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            NativeLibraries.Opened lib = NativeLibraries.openDriver(Arena.global());
            Driver driver = new Driver(lib.lookup(), lib.source());
            driver.init();
            instance = driver;
            return driver;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    private static MethodHandle bind(SymbolLookup lib, String name, MemoryLayout... args) {
        MemorySegment symbol;
        try {
            symbol = lib.findOrThrow(name);
        } catch (NoSuchElementException e) {
            throw new CudaUnavailableException("the NVIDIA driver's libcuda lacks " + name + ": it is older than"
                    + " the CUDA 13 API streamgrad binds; install driver 580 or newer");
        }
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, args));
    }

    private void init() {
        int code = call(() -> (int) cuInit.invokeExact(0));
        if (code != 0) {
            String name = errorName(code);
            throw new CudaUnavailableException("cuInit failed with " + name + " (" + code + "): "
                    + switch (name) {
                        case "CUDA_ERROR_NO_DEVICE" -> "the driver sees no CUDA-capable GPU";
                        case "CUDA_ERROR_INSUFFICIENT_DRIVER" -> "the driver is older than CUDA 13 needs (580+)";
                        default -> "the driver could not be initialized";
                    });
        }
    }

    // ---------------------------------------------------------------- errors

    /** A downcall that returns a {@code CUresult}. */
    @FunctionalInterface
    interface NativeCall {
        int invoke() throws Throwable;
    }

    static int call(NativeCall c) {
        try {
            return c.invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed", t);
        }
    }

    void check(int code, String function) {
        check(code, function, "");
    }

    void check(int code, String function, String detail) {
        if (code != 0) {
            throw new CudaException(function, code, errorName(code), detail);
        }
    }

    /** {@code cuGetErrorName}; {@code CUresult N} where the driver knows no name. */
    String errorName(int code) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int rc = call(() -> (int) cuGetErrorName.invokeExact(code, out));
            MemorySegment name = out.get(ADDRESS, 0);
            if (rc != 0 || name.equals(MemorySegment.NULL)) {
                return "CUresult " + code;
            }
            return name.reinterpret(256).getString(0);
        }
    }

    // ---------------------------------------------------------------- devices and contexts

    int driverVersion() {
        return outInt("cuDriverGetVersion", out -> (int) cuDriverGetVersion.invokeExact(out));
    }

    int deviceCount() {
        return outInt("cuDeviceGetCount", out -> (int) cuDeviceGetCount.invokeExact(out));
    }

    int device(int ordinal) {
        return outInt("cuDeviceGet", out -> (int) cuDeviceGet.invokeExact(out, ordinal));
    }

    String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            check(call(() -> (int) cuDeviceGetName.invokeExact(name, 256, device)), "cuDeviceGetName");
            return name.getString(0);
        }
    }

    int attribute(int device, int attribute) {
        return outInt("cuDeviceGetAttribute", out -> (int) cuDeviceGetAttribute.invokeExact(out, attribute, device));
    }

    long totalMemory(int device) {
        return outLong("cuDeviceTotalMem_v2", out -> (int) cuDeviceTotalMem.invokeExact(out, device));
    }

    /** The device's primary context, retained for the life of the process (the simplest context). */
    MemorySegment retainPrimaryContext(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(call(() -> (int) cuDevicePrimaryCtxRetain.invokeExact(out, device)), "cuDevicePrimaryCtxRetain");
            return out.get(ADDRESS, 0);
        }
    }

    void setCurrent(MemorySegment context) {
        check(call(() -> (int) cuCtxSetCurrent.invokeExact(context)), "cuCtxSetCurrent");
    }

    /** Waits for all work queued in the current context; reports errors of earlier asynchronous launches. */
    void synchronize() {
        check(call(() -> (int) cuCtxSynchronize.invokeExact()), "cuCtxSynchronize");
    }

    // ---------------------------------------------------------------- memory

    /** {@code cuMemAlloc_v2}; returns the code instead of throwing so the allocator can react to OOM. */
    int tryAllocate(long bytes, long[] pointer) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            int rc = call(() -> (int) cuMemAlloc.invokeExact(out, bytes));
            pointer[0] = out.get(JAVA_LONG, 0);
            return rc;
        }
    }

    void free(long pointer) {
        check(call(() -> (int) cuMemFree.invokeExact(pointer)), "cuMemFree_v2");
    }

    /** {free, total} bytes of the current context's device. */
    long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check(call(() -> (int) cuMemGetInfo.invokeExact(free, total)), "cuMemGetInfo_v2");
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        }
    }

    /** Host to device; from pageable memory it waits for the stream's earlier work, then copies. */
    void copyHostToDevice(long device, MemorySegment host, long bytes) {
        check(call(() -> (int) cuMemcpyHtoD.invokeExact(device, host, bytes)), "cuMemcpyHtoD_v2");
    }

    /** Device to host; returns when the data is in host memory, so the host may read it at once. */
    void copyDeviceToHost(MemorySegment host, long device, long bytes) {
        check(call(() -> (int) cuMemcpyDtoH.invokeExact(host, device, bytes)), "cuMemcpyDtoH_v2",
                "the copy waits for earlier kernels, so their errors are reported here too");
    }

    /** Device to device, ordered on the default stream; does not wait for completion. */
    void copyDeviceToDevice(long to, long from, long bytes) {
        check(call(() -> (int) cuMemcpyDtoD.invokeExact(to, from, bytes)), "cuMemcpyDtoD_v2");
    }

    void setBytes(long device, byte value, long count) {
        check(call(() -> (int) cuMemsetD8.invokeExact(device, value, count)), "cuMemsetD8_v2");
    }

    void setInts(long device, int value, long count) {
        check(call(() -> (int) cuMemsetD32.invokeExact(device, value, count)), "cuMemsetD32_v2");
    }

    // ---------------------------------------------------------------- modules and launches

    /** Loads a cubin or fatbin, or NUL-terminated PTX, into the current context. */
    MemorySegment loadModule(MemorySegment image) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(call(() -> (int) cuModuleLoadData.invokeExact(out, image)), "cuModuleLoadData");
            return out.get(ADDRESS, 0);
        }
    }

    MemorySegment function(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment cName = arena.allocateFrom(name);
            check(call(() -> (int) cuModuleGetFunction.invokeExact(out, module, cName)), "cuModuleGetFunction", name);
            return out.get(ADDRESS, 0);
        }
    }

    /**
     * Queues a kernel on the default (legacy) stream. {@code params} is an array of pointers, one per kernel
     * argument, each to that argument's value; the driver copies the values before returning.
     */
    int launch(MemorySegment function, int gridX, int gridY, int gridZ, int block, MemorySegment params) {
        return call(() -> (int) cuLaunchKernel.invokeExact(function, gridX, gridY, gridZ, block, 1, 1, 0,
                MemorySegment.NULL, params, MemorySegment.NULL));
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    private interface OutCall {
        int invoke(MemorySegment out) throws Throwable;
    }

    private int outInt(String function, OutCall c) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check(call(() -> c.invoke(out)), function);
            return out.get(JAVA_INT, 0);
        }
    }

    private long outLong(String function, OutCall c) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check(call(() -> c.invoke(out)), function);
            return out.get(JAVA_LONG, 0);
        }
    }
}
