package io.streamgrad.backend.cuda;

/**
 * The caching allocator's block sizes. Requests are rounded up so that blocks of nearby sizes are
 * interchangeable: to a multiple of {@value #SMALL_STEP} bytes up to {@value #SMALL_LIMIT} bytes (small
 * tensors: the waste is at most 511 bytes), and above that to one of four sizes per power of two
 * ({@code 1, 1.25, 1.5, 1.75 × 2^k}: the waste is under 25%). A training loop asks for the same sizes
 * every step, so after the first step every request is served from the cache.
 */
final class SizeClasses {
    static final long SMALL_STEP = 512;
    static final long SMALL_LIMIT = 1L << 20;

    private SizeClasses() {
    }

    /** The block size that serves a request of {@code bytes}; 0 for an empty request. */
    static long roundUp(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation size " + bytes);
        }
        if (bytes <= SMALL_LIMIT) {
            return (bytes + SMALL_STEP - 1) / SMALL_STEP * SMALL_STEP;
        }
        long step = Long.highestOneBit(bytes - 1) / 4;
        return (bytes + step - 1) / step * step;
    }
}
