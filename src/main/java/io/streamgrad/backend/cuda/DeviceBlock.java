package io.streamgrad.backend.cuda;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One hand-out of device memory by the {@link DeviceAllocator}: an address, the size class it came from,
 * and whether it has been given back. A block is released once (by its scope, its storage's
 * {@code close()}, or the Cleaner safety net, whichever comes first); the address may then be handed out
 * again in a new block, so a storage whose block is released can no longer be used.
 */
final class DeviceBlock {
    final long address;
    final long size;
    private final DeviceAllocator allocator;
    private final AtomicBoolean released = new AtomicBoolean();
    /** The scope that releases this block when it closes; null when none does. Confined to the scope's thread. */
    CudaScope owner;

    DeviceBlock(long address, long size, DeviceAllocator allocator) {
        this.address = address;
        this.size = size;
        this.allocator = allocator;
    }

    boolean isReleased() {
        return released.get();
    }

    /**
     * Gives the memory back to the allocator's cache; later calls do nothing. Safe from any thread: work
     * already queued on the default stream that uses this memory still runs before any later use of it.
     */
    void release() {
        if (released.compareAndSet(false, true)) {
            allocator.recycle(this);
        }
    }
}
