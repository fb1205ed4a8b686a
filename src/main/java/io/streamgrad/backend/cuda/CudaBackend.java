package io.streamgrad.backend.cuda;

import io.streamgrad.backend.Layouts;
import io.streamgrad.backend.Backend;
import io.streamgrad.backend.BinaryOp;
import io.streamgrad.backend.ReduceOp;
import io.streamgrad.backend.Storage;
import io.streamgrad.backend.Strided;
import io.streamgrad.backend.UnaryOp;
import io.streamgrad.backend.cpu.CpuStorage;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;

import java.lang.foreign.Arena;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CUDA backend: the engine's primitives on an NVIDIA GPU, through the driver API and cuBLAS bound with
 * {@code java.lang.foreign} (no JNI, no native code of our own besides the kernels in {@code src/main/cuda}).
 * The engine finds it by name ({@code io.streamgrad.tensor.Backends}) and calls {@link #open(int)}; user code
 * reaches it through {@code tensor.to("cuda")} and uses this class for {@link #scope()} and the memory
 * figures.
 *
 * <p>Execution: every op is queued on the device's default stream and returns at once; results are
 * complete when read back to the host ({@code item()}, {@code toString()}, {@code .cpu()}) or after
 * {@link #synchronize()}. Kernel errors therefore surface at the next synchronizing call.
 *
 * <p>Memory: storages come from a caching allocator and are released deterministically, by their
 * {@link CudaScope} or {@link CudaStorage#close()}; see {@link CudaScope}. {@link #emptyCache()} returns
 * cached blocks to the driver.
 *
 * <p>Matrix products use cuBLAS in FP32 (or TF32 with {@code -Dstreamgrad.cuda.tf32=true}, ~8x faster on
 * tensor cores; 2.6e-4 relative error measured on 4096³ products), or streamgrad's own tiled kernel where cuBLAS is absent.
 *
 * <p>Threading: thread-safe; each calling thread gets the device's primary context bound on first use.
 */
public final class CudaBackend implements Backend {
    /** Set to {@code true} to let cuBLAS use TF32 tensor cores for float32 products. */
    public static final String TF32_PROPERTY = "streamgrad.cuda.tf32";

    private static final System.Logger LOG = System.getLogger(CudaBackend.class.getName());
    private static final Map<Integer, CudaBackend> OPEN = new HashMap<>();

    private final Device device;
    private final DeviceContext context;
    private final DeviceAllocator allocator;
    private final KernelModule module;
    private final Cublas cublas;
    private final String cublasNote;
    private final Transfers transfers;
    private final ElementwiseKernels elementwise;
    private final ReduceKernels reductions;
    private final MatmulKernels matmul;

    private CudaBackend(int index) {
        Driver driver = Driver.get();
        this.device = Device.cuda(index);
        this.context = new DeviceContext(driver, index);
        this.allocator = new DeviceAllocator(context);
        this.module = KernelModule.load(driver, context.ccMajor, context.ccMinor);
        List<String> tried = new ArrayList<>();
        boolean tf32 = Boolean.getBoolean(TF32_PROPERTY);
        this.cublas = openCublas(tf32, tried);
        this.cublasNote = cublas != null ? "cuBLAS " + cublas.source + (tf32 ? " (TF32)" : " (FP32)")
                : "built-in tiled kernel (cuBLAS not usable: " + String.join("; ", tried) + ")";
        Operands operands = new Operands(context, device);
        this.transfers = new Transfers(context, module, operands);
        this.elementwise = new ElementwiseKernels(context, module, operands);
        this.reductions = new ReduceKernels(context, module, operands, allocator, elementwise);
        this.matmul = new MatmulKernels(context, module, operands, cublas, this);
        if (cublas == null) {
            LOG.log(System.Logger.Level.WARNING, "streamgrad " + device + ": matmul uses the " + cublasNote);
        }
        if (context.ccMajor == 9 && !module.description.startsWith("cubin")) {
            LOG.log(System.Logger.Level.WARNING, "streamgrad " + device + ": kernels from " + module.description);
        }
        LOG.log(System.Logger.Level.DEBUG, this::describe);
    }

    /** cuBLAS with a handle in this device's context, or null (and why in {@code tried}): it is optional. */
    private static Cublas openCublas(boolean tf32, List<String> tried) {
        NativeLibraries.Opened lib = NativeLibraries.openCublas(Arena.global(), tried).orElse(null);
        if (lib == null) {
            return null;
        }
        try {
            return new Cublas(lib.lookup(), lib.source(), tf32);
        } catch (CudaException | CudaUnavailableException e) {
            tried.add(lib.source() + " (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * The backend of GPU {@code deviceIndex}, started on first use: driver initialization, the device's
     * primary context, the kernel module and cuBLAS (about 0.4 s).
     *
     * @throws CudaUnavailableException when there is no driver, no GPU or no GPU of that index; the message
     *                                  says which
     * @throws CudaException            when a driver call fails during start-up
     */
    public static synchronized CudaBackend open(int deviceIndex) {
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("CUDA device index must be >= 0, got " + deviceIndex);
        }
        CudaBackend backend = OPEN.get(deviceIndex);
        if (backend == null) {
            backend = new CudaBackend(deviceIndex);
            OPEN.put(deviceIndex, backend);
        }
        return backend;
    }

    /** Opens a {@link CudaScope} on this thread: storages allocated until it closes are released with it. */
    public static CudaScope scope() {
        return CudaScope.open();
    }

    /** Moves {@code view}'s storage out of every scope ({@link CudaScope#persist}). */
    @Override
    public void persist(Strided view) {
        CudaScope.persist(view);
    }

    /** One line: device, compute capability, memory, driver, kernel image and matmul path. */
    public String describe() {
        int driverVersion = context.driver.driverVersion();
        return device + ": " + context.name + " (sm_" + context.ccMajor + context.ccMinor + ", "
                + context.multiprocessors + " SMs, " + (context.totalMemory >> 20) + " MiB), driver API "
                + driverVersion / 1000 + "." + driverVersion % 1000 / 10 + " (" + context.driver.source
                + "), kernels: " + module.description + ", matmul: " + cublasNote;
    }

    /** Waits until every queued op on this device has finished; reports errors of earlier kernels. */
    public void synchronize() {
        context.makeCurrent();
        context.driver.synchronize();
    }

    /** Returns the allocator's cached (free) blocks to the driver. */
    public void emptyCache() {
        context.makeCurrent();
        allocator.emptyCache();
    }

    /**
     * Device memory in use on this GPU by every process and context, from {@code cuMemGetInfo}: total minus
     * free. Includes this allocator's cache and the CUDA context itself; steady across training steps when
     * nothing leaks.
     */
    public long memoryInUse() {
        return context.memoryInUse();
    }

    /** Bytes in storages handed out and not yet released (rounded to size classes). */
    public long allocatedBytes() {
        return allocator.liveBytes();
    }

    /** Bytes the allocator holds from the driver: allocated plus cached. */
    public long reservedBytes() {
        return allocator.liveBytes() + allocator.cachedBytes();
    }

    /** Whether matrix products go to cuBLAS (else to the built-in kernel). */
    public boolean usesCublas() {
        return cublas != null;
    }

    // ---------------------------------------------------------------- Backend

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Storage allocate(DType dtype, int length) {
        context.makeCurrent();
        return newStorage(dtype, length, true);
    }

    private CudaStorage newStorage(DType dtype, int length, boolean zeroed) {
        if (length < 0) {
            throw new IllegalArgumentException("negative storage length " + length);
        }
        DeviceBlock block = allocator.allocate((long) length * dtype.itemSize());
        return new CudaStorage(block, dtype, length, device, zeroed);
    }

    @Override
    public Storage fromHost(Object array) {
        context.makeCurrent();
        CpuStorage host = CpuStorage.wrap(array);   // checks the array's type; no copy
        CudaStorage storage = newStorage(host.dtype(), host.length(), false);
        transfers.upload(array, storage);
        return storage;
    }

    @Override
    public Object toHost(Strided src) {
        context.makeCurrent();
        try {
            return transfers.download(src, this);
        } finally {
            Reference.reachabilityFence(src);
        }
    }

    /** A new contiguous storage holding {@code view}'s elements; the caller closes it. */
    CudaStorage contiguousCopy(Strided view) {
        int[] sizes = view.sizes();
        CudaStorage copy = newStorage(view.dtype(), Geometry.numel(sizes), false);
        elementwise.copy(view, Strided.of(copy, sizes, Layouts.contiguousStrides(sizes), 0));
        return copy;
    }

    @Override
    public void copy(Strided src, Strided dst) {
        run(() -> elementwise.copy(src, dst), src, dst);
    }

    @Override
    public void fill(Strided dst, double value) {
        run(() -> elementwise.fill(dst, value), dst);
    }

    @Override
    public void unary(UnaryOp op, double p, double q, Strided src, Strided dst) {
        run(() -> elementwise.unary(op, p, q, src, dst), src, dst);
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Strided dst) {
        run(() -> elementwise.binary(op, a, b, dst), a, b, dst);
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Strided dst) {
        run(() -> elementwise.where(cond, a, b, dst), cond, a, b, dst);
    }

    @Override
    public void reduce(ReduceOp op, Strided src, Strided dst) {
        run(() -> reductions.reduce(op, src, dst), src, dst);
    }

    @Override
    public void matmul(Strided a, Strided b, Strided dst) {
        run(() -> matmul.matmul(a, b, dst), a, b, dst);
    }

    /**
     * Runs an op on this thread's binding of the device's context. The fence keeps the operands (and so their
     * storages) reachable until their work is queued: otherwise the Cleaner could recycle a block between
     * reading its address and the launch that uses it.
     */
    private void run(Runnable op, Strided... operands) {
        context.makeCurrent();
        try {
            op.run();
        } finally {
            Reference.reachabilityFence(operands);
        }
    }

    @Override
    public String toString() {
        return "CudaBackend[" + device + "]";
    }
}
