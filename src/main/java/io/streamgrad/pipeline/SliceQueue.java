package io.streamgrad.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Decoded records received and not yet trained on, in arrival order, from which batches are cut: by count
 * (exactly {@code n} consecutive records, across polls) or, with a maximum wait, whatever has waited long
 * enough. Each slice keeps its arrival time.
 *
 * <p>Confined to the trainer thread.
 */
final class SliceQueue {
    private record Waiting(BlockSlice slice, long arrivalNanos) {
    }

    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int size;

    /** Appends records that arrived at {@code nanos} ({@link System#nanoTime()}). */
    void add(BlockSlice slice, long nanos) {
        if (slice.size() > 0) {
            waiting.addLast(new Waiting(slice, nanos));
            size += slice.size();
        }
    }

    /** Records waiting. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** How long the oldest waiting record has waited at {@code nanos}; 0 when none waits. */
    long oldestWaitNanos(long nanos) {
        return size == 0 ? 0 : nanos - waiting.peekFirst().arrivalNanos();
    }

    /** Removes and returns the oldest {@code n} records, {@code 1 <= n <= size()}. */
    List<BlockSlice> take(int n) {
        if (n < 1 || n > size) {
            throw new IllegalArgumentException("cannot take " + n + " of " + size + " waiting records");
        }
        List<BlockSlice> taken = new ArrayList<>();
        int missing = n;
        while (missing > 0) {
            Waiting head = waiting.pollFirst();
            BlockSlice s = head.slice();
            if (s.size() <= missing) {
                taken.add(s);
                missing -= s.size();
            } else {
                taken.add(new BlockSlice(s.block(), s.from(), s.from() + missing));
                waiting.addFirst(new Waiting(new BlockSlice(s.block(), s.from() + missing, s.to()), head.arrivalNanos()));
                missing = 0;
            }
        }
        size -= n;
        return taken;
    }

    /** Forgets the waiting slices {@code leaving} accepts (e.g. of a partition that left). */
    void removeIf(Predicate<BlockSlice> leaving) {
        waiting.removeIf(w -> leaving.test(w.slice()));
        size = waiting.stream().mapToInt(w -> w.slice().size()).sum();
    }
}
