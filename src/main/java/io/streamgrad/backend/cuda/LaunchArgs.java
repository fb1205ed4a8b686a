package io.streamgrad.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The {@code kernelParams} of one {@code cuLaunchKernel}: each argument's value written into native memory,
 * and an array of pointers, one per argument, to those values, in the kernel's parameter order. Values are
 * 8-byte aligned (the strictest alignment of any parameter). The driver copies the values during the
 * launch call, so one buffer per thread is reused for every launch.
 *
 * <p>Threading: confined to its thread ({@link #forThread()}).
 */
final class LaunchArgs {
    private static final int VALUE_BYTES = 4096;
    private static final int MAX_ARGS = 32;
    private static final ThreadLocal<LaunchArgs> PER_THREAD = ThreadLocal.withInitial(LaunchArgs::new);

    private final MemorySegment values;
    private final MemorySegment pointers;
    private int used;
    private int count;

    private LaunchArgs() {
        // host memory, freed with the thread's buffer when the thread is gone
        Arena arena = Arena.ofAuto();
        values = arena.allocate(VALUE_BYTES, 8);
        pointers = arena.allocate(MAX_ARGS * 8L, 8);
    }

    /** This thread's buffer, emptied. */
    static LaunchArgs forThread() {
        LaunchArgs args = PER_THREAD.get();
        args.used = 0;
        args.count = 0;
        return args;
    }

    /** A device pointer ({@code T*}): 8 bytes. */
    LaunchArgs pointer(long address) {
        values.set(JAVA_LONG, slot(8), address);
        return this;
    }

    LaunchArgs i32(int value) {
        values.set(JAVA_INT, slot(4), value);
        return this;
    }

    LaunchArgs u64(long value) {
        values.set(JAVA_LONG, slot(8), value);
        return this;
    }

    LaunchArgs f64(double value) {
        values.set(JAVA_DOUBLE, slot(8), value);
        return this;
    }

    /** A struct made of 32-bit ints only (no padding), passed by value. */
    LaunchArgs ints(int[] struct) {
        long at = slot(struct.length * 4L);
        MemorySegment.copy(struct, 0, values, JAVA_INT, at, struct.length);
        return this;
    }

    /** A struct made of 64-bit words only, passed by value. */
    LaunchArgs words(long[] struct) {
        long at = slot(struct.length * 8L);
        MemorySegment.copy(struct, 0, values, JAVA_LONG, at, struct.length);
        return this;
    }

    /** Reserves the next argument's bytes and records the pointer to them. */
    private long slot(long bytes) {
        if (count == MAX_ARGS || used + bytes > VALUE_BYTES) {
            throw new IllegalStateException("kernel arguments exceed " + MAX_ARGS + " values or " + VALUE_BYTES
                    + " bytes");
        }
        long at = used;
        pointers.setAtIndex(JAVA_LONG, count++, values.address() + at);
        used = (int) ((at + bytes + 7) & ~7L);
        return at;
    }

    /** The {@code void**} to pass as {@code kernelParams}. */
    MemorySegment pointers() {
        return pointers;
    }

    int count() {
        return count;
    }
}
