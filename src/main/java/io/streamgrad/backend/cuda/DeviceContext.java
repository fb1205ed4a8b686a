package io.streamgrad.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * One GPU as the backend uses it: its primary context, properties, memory and kernel launches. CUDA binds
 * a context to each host thread separately, so every entry point calls {@link #makeCurrent()} first; it costs a
 * thread-local read when the context is already current.
 *
 * <p>All work goes to the default (legacy) stream, which runs it in issue order: kernels, device-to-device
 * copies and memsets never need explicit synchronization among themselves; a device-to-host copy waits for
 * the work before it, so results read on the host are complete.
 */
final class DeviceContext implements DeviceAllocator.RawMemory {
    static final int THREADS = 256;
    /** Resident 256-thread blocks per multiprocessor (2048 threads): grid-stride loops use one full wave. */
    private static final int BLOCKS_PER_SM = 8;
    private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[1]);

    final Driver driver;
    final int index;
    final String name;
    final int ccMajor;
    final int ccMinor;
    final int multiprocessors;
    final long totalMemory;
    private final MemorySegment context;

    DeviceContext(Driver driver, int index) {
        this.driver = driver;
        this.index = index;
        int count = driver.deviceCount();
        if (index >= count) {
            throw new CudaUnavailableException("cuda:" + index + " does not exist: the driver sees " + count
                    + " CUDA device" + (count == 1 ? "" : "s") + " (cuda:0" + (count > 1 ? " to cuda:" + (count - 1) : "")
                    + ")");
        }
        int device = driver.device(index);
        this.name = driver.deviceName(device);
        this.ccMajor = driver.attribute(device, Driver.ATTRIBUTE_CC_MAJOR);
        this.ccMinor = driver.attribute(device, Driver.ATTRIBUTE_CC_MINOR);
        this.multiprocessors = driver.attribute(device, Driver.ATTRIBUTE_MULTIPROCESSOR_COUNT);
        this.totalMemory = driver.totalMemory(device);
        this.context = driver.retainPrimaryContext(device);
        makeCurrent();
    }

    /** Binds this device's context to the calling thread if it is not bound already. */
    void makeCurrent() {
        long[] current = CURRENT.get();
        if (current[0] != context.address()) {
            driver.setCurrent(context);
            current[0] = context.address();
        }
    }

    /** Blocks for a grid-stride loop over {@code count} elements. */
    int blocksFor(long count) {
        long needed = (count + THREADS - 1) / THREADS;
        return (int) Math.max(1, Math.min(needed, (long) multiprocessors * BLOCKS_PER_SM));
    }

    /** Queues {@code kernel} with 256-thread blocks; errors of the kernel itself surface at the next sync. */
    void launch(Kernel kernel, int gridX, int gridY, int gridZ, LaunchArgs args) {
        int rc = driver.launch(kernel.function(), gridX, gridY, gridZ, THREADS, args.pointers());
        driver.check(rc, "cuLaunchKernel", kernel.name() + " on a " + gridX + "x" + gridY + "x" + gridZ + " grid");
    }

    void launch(Kernel kernel, long count, LaunchArgs args) {
        launch(kernel, blocksFor(count), 1, 1, args);
    }

    @Override
    public long allocate(long bytes) {
        makeCurrent();
        long[] address = new long[1];
        driver.check(driver.tryAllocate(bytes, address), "cuMemAlloc_v2", bytes + " bytes");
        return address[0];
    }

    @Override
    public void free(long address) {
        makeCurrent();
        driver.free(address);
    }

    /** Bytes of device memory in use by every process and context: total minus free. */
    long memoryInUse() {
        makeCurrent();
        long[] info = driver.memoryInfo();
        return info[1] - info[0];
    }
}
