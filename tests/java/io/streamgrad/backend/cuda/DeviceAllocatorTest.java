package io.streamgrad.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The caching allocator over a fake device memory: reuse, accounting, emptying and out-of-memory. */
class DeviceAllocatorTest {
    /** Device memory of a fixed capacity; addresses are never reused, so stale ones are detectable. */
    static final class FakeMemory implements DeviceAllocator.RawMemory {
        final long capacity;
        final Map<Long, Long> live = new HashMap<>();
        long used;
        long next = 1 << 16;
        int allocations;
        int frees;

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) {
                throw new CudaException("cuMemAlloc_v2", 2, "CUDA_ERROR_OUT_OF_MEMORY", "");
            }
            used += bytes;
            allocations++;
            long address = next;
            next += bytes;
            live.put(address, bytes);
            return address;
        }

        @Override
        public void free(long address) {
            Long size = live.remove(address);
            assertThat(size).as("free of a live address").isNotNull();
            used -= size;
            frees++;
        }
    }

    @Test
    void aReleasedBlockIsHandedOutAgainWithoutTheDriver() {
        FakeMemory memory = new FakeMemory(1 << 20);
        DeviceAllocator allocator = new DeviceAllocator(memory);

        DeviceBlock first = allocator.allocate(100);
        first.release();
        DeviceBlock second = allocator.allocate(400);

        assertThat(second.address).isEqualTo(first.address);
        assertThat(second.size).isEqualTo(512);
        assertThat(memory.allocations).isEqualTo(1);
        assertThat(second).isNotSameAs(first);
        assertThat(first.isReleased()).isTrue();
        assertThat(second.isReleased()).isFalse();
    }

    @Test
    void releaseIsIdempotentAndAccountingFollowsBlocks() {
        DeviceAllocator allocator = new DeviceAllocator(new FakeMemory(1 << 20));

        DeviceBlock a = allocator.allocate(1000);
        DeviceBlock b = allocator.allocate(10);
        assertThat(allocator.liveBytes()).isEqualTo(1024 + 512);

        a.release();
        a.release();
        assertThat(allocator.liveBytes()).isEqualTo(512);
        assertThat(allocator.cachedBytes()).isEqualTo(1024);
        b.release();
        assertThat(allocator.liveBytes()).isZero();
    }

    @Test
    void emptyCacheReturnsOnlyFreeBlocksToTheDriver() {
        FakeMemory memory = new FakeMemory(1 << 20);
        DeviceAllocator allocator = new DeviceAllocator(memory);
        DeviceBlock kept = allocator.allocate(2000);
        allocator.allocate(3000).release();
        allocator.allocate(5000).release();

        allocator.emptyCache();

        assertThat(memory.frees).isEqualTo(2);
        assertThat(memory.live).containsOnlyKeys(kept.address);
        assertThat(allocator.cachedBytes()).isZero();
        assertThat(allocator.liveBytes()).isEqualTo(2048);
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetries() {
        FakeMemory memory = new FakeMemory(4096);
        DeviceAllocator allocator = new DeviceAllocator(memory);
        allocator.allocate(3000).release();   // 3072 cached

        DeviceBlock big = allocator.allocate(4000);

        assertThat(big.size).isEqualTo(4096);
        assertThat(memory.frees).isEqualTo(1);
    }

    @Test
    void outOfMemoryThatPersistsSaysWhatIsInUse() {
        DeviceAllocator allocator = new DeviceAllocator(new FakeMemory(4096));
        allocator.allocate(4096);

        assertThatThrownBy(() -> allocator.allocate(512)).isInstanceOf(CudaException.class)
                .hasMessageContaining("CUDA_ERROR_OUT_OF_MEMORY")
                .hasMessageContaining("4096 bytes in use by streamgrad tensors");
    }

    @Test
    void emptyRequestsNeedNoMemory() {
        FakeMemory memory = new FakeMemory(0);
        DeviceAllocator allocator = new DeviceAllocator(memory);

        DeviceBlock empty = allocator.allocate(0);
        empty.release();

        assertThat(empty.address).isZero();
        assertThat(memory.allocations).isZero();
        assertThat(allocator.cachedBytes()).isZero();
    }
}
