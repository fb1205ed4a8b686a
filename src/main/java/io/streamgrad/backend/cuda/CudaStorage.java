package io.streamgrad.backend.cuda;

import io.streamgrad.backend.Storage;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;

import java.lang.ref.Cleaner;

/**
 * A storage in GPU memory: {@code length} elements of one dtype in a block of the caching allocator. bool
 * elements are bytes holding 0 or 1; int64 and float64 take 8 bytes, float32 4.
 *
 * <p>Lifetime: the memory goes back to the allocator when the owning {@link CudaScope} closes or when
 * {@link #close()} is called, whichever comes first. A storage outside every scope (allocated with none open,
 * or moved out by {@code keep} or {@code persist}) is also released by a Cleaner once unreachable, as a safety
 * net only: the garbage collector does not see GPU memory pressure. Using a released storage raises
 * {@link IllegalStateException}.
 *
 * <p>A new storage reads as zeros (the Backend contract). The zeroing is deferred: an op that overwrites
 * every element first skips it, so most results cost one kernel, not a memset and a kernel.
 */
public final class CudaStorage implements Storage, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final DeviceBlock block;
    private final DType dtype;
    private final int length;
    private final Device device;
    private volatile boolean pendingZero;

    CudaStorage(DeviceBlock block, DType dtype, int length, Device device, boolean pendingZero) {
        this.block = block;
        this.dtype = dtype;
        this.length = length;
        this.device = device;
        this.pendingZero = pendingZero;
        if (!CudaScope.adoptNew(block)) {
            unowned();
        }
    }

    /**
     * Arms the safety net for a storage no scope will release. Scoped storages skip it: their scope releases
     * them, and registering costs a fifth of a small op's host time.
     */
    void unowned() {
        CLEANER.register(this, block::release);
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
        return device;
    }

    /** Bytes of the elements (the block may be larger: it is a size class). */
    public long byteSize() {
        return (long) length * dtype.itemSize();
    }

    /** Whether the memory has been given back (scope closed, or {@link #close()}). */
    public boolean isReleased() {
        return block.isReleased();
    }

    /** Gives the memory back to the caching allocator now. Idempotent. */
    @Override
    public void close() {
        block.release();
    }

    DeviceBlock block() {
        return block;
    }

    /** The device address of element {@code index}; fails if the storage was released. */
    long address(int index) {
        if (block.isReleased()) {
            throw new IllegalStateException("this CUDA tensor's memory was released (its CudaScope closed or close()"
                    + " was called) and may now belong to another tensor; keep tensors that must outlive a scope"
                    + " with CudaScope.keep(...)");
        }
        return block.address + (long) index * dtype.itemSize();
    }

    boolean pendingZero() {
        return pendingZero;
    }

    void zeroed() {
        pendingZero = false;
    }

    @Override
    public String toString() {
        return "CudaStorage[" + dtype + " x " + length + " on " + device + (isReleased() ? ", released]" : "]");
    }
}
