package io.streamgrad.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching allocator of device memory, as PyTorch's: freed blocks go to a free list per
 * {@link SizeClasses size class} and are handed out again without a driver call, because
 * {@code cuMemAlloc}/{@code cuMemFree} cost microseconds to milliseconds and {@code cuMemFree} synchronizes
 * the device. Reuse is safe without events because all work runs on one stream (the default stream): a
 * kernel that used a block before it was freed runs before any kernel of its next owner.
 *
 * <p>When the driver runs out of memory, the allocator frees its cache and retries; then it asks the garbage
 * collector to run the Cleaner safety net of unreachable storages, and retries once more.
 *
 * <p>Threading: all methods are thread-safe; {@link #recycle} may come from the Cleaner's thread.
 */
final class DeviceAllocator {
    /** The driver's allocation calls, separated so the allocator can be tested without a GPU. */
    interface RawMemory {
        /** Allocates {@code bytes}; returns the address, or throws {@link CudaException} (OOM has code 2). */
        long allocate(long bytes);

        void free(long address);
    }

    private static final long GC_WAIT_MILLIS = 100;

    private final RawMemory raw;
    private final Map<Long, ArrayDeque<Long>> cache = new HashMap<>();
    private long liveBytes;
    private long cachedBytes;

    DeviceAllocator(RawMemory raw) {
        this.raw = raw;
    }

    /** A block of at least {@code bytes}; an empty request gets an empty block at address 0. */
    DeviceBlock allocate(long bytes) {
        long size = SizeClasses.roundUp(bytes);
        if (size == 0) {
            return new DeviceBlock(0, 0, this);
        }
        synchronized (this) {
            ArrayDeque<Long> free = cache.get(size);
            if (free != null && !free.isEmpty()) {
                cachedBytes -= size;
                liveBytes += size;
                return new DeviceBlock(free.pop(), size, this);
            }
        }
        long address = allocateFromDriver(size);
        synchronized (this) {
            liveBytes += size;
        }
        return new DeviceBlock(address, size, this);
    }

    /** Asks the driver; on out-of-memory, empties the cache and retries, then runs the Cleaner and retries. */
    private long allocateFromDriver(long size) {
        for (int attempt = 1; ; attempt++) {
            try {
                return raw.allocate(size);
            } catch (CudaException e) {
                if (e.code() != CudaException.OUT_OF_MEMORY) {
                    throw e;
                }
                if (attempt == 3) {
                    throw new CudaException(e.call(), e.code(), e.errorName(), "could not allocate " + size
                            + " bytes on the GPU with " + liveBytes() + " bytes in use by streamgrad tensors. Release"
                            + " tensors sooner (close their CudaScope, or close() their storage), or use smaller"
                            + " batches");
                }
            }
            if (attempt == 2) {
                // storages dropped without close() hold memory until their Cleaner runs
                System.gc();
                try {
                    Thread.sleep(GC_WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            emptyCache();
        }
    }

    /** Takes a released block back into the cache. */
    synchronized void recycle(DeviceBlock block) {
        if (block.size == 0) {
            return;
        }
        liveBytes -= block.size;
        cachedBytes += block.size;
        cache.computeIfAbsent(block.size, s -> new ArrayDeque<>()).push(block.address);
    }

    /** Returns every cached block to the driver; blocks in use are untouched. */
    void emptyCache() {
        Map<Long, ArrayDeque<Long>> drained;
        synchronized (this) {
            drained = new HashMap<>(cache);
            cache.clear();
            cachedBytes = 0;
        }
        for (ArrayDeque<Long> addresses : drained.values()) {
            for (long address : addresses) {
                raw.free(address);
            }
        }
    }

    /** Bytes in blocks handed out and not yet released (size classes, not requests). */
    synchronized long liveBytes() {
        return liveBytes;
    }

    /** Bytes held in the cache for reuse. */
    synchronized long cachedBytes() {
        return cachedBytes;
    }
}
