package io.streamgrad.kafka.internal;

/**
 * A growable ring of strictly increasing offsets, each with an "acknowledged" flag: the storage of
 * {@link PartitionOffsets}. Primitive arrays, so that tracking a polled record allocates nothing (a
 * {@code Deque<Long>} boxed every offset, a {@code Set<Long>} every early acknowledgement).
 *
 * <p>Because the offsets increase, an acknowledgement finds its record by binary search; the caller must
 * add only offsets above {@link #last()}. Not thread-safe: {@link PartitionOffsets} guards it.
 */
final class OffsetRing {
    private static final int INITIAL_CAPACITY = 64;

    /** Capacity is a power of two, so a logical index maps to a slot with a mask. */
    private long[] offsets = new long[INITIAL_CAPACITY];
    /** Set only for slots that are not first: the first record's acknowledgement removes it at once. */
    private boolean[] acknowledged = new boolean[INITIAL_CAPACITY];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The oldest offset; the ring must not be empty. */
    long first() {
        return offsets[head];
    }

    /** The newest offset; the ring must not be empty. */
    long last() {
        return offsets[slot(size - 1)];
    }

    /** Appends an offset above {@link #last()}. */
    void add(long offset) {
        if (size == offsets.length) {
            grow();
        }
        offsets[slot(size)] = offset;
        size++;
    }

    /** Removes the oldest offset and returns it; the ring must not be empty. */
    long removeFirst() {
        long first = offsets[head];
        acknowledged[head] = false;
        head = (head + 1) & (offsets.length - 1);
        size--;
        return first;
    }

    /** Whether the oldest offset is flagged acknowledged; the ring must not be empty. */
    boolean firstAcknowledged() {
        return acknowledged[head];
    }

    /** The position of {@code offset} from the oldest (0), or -1 when it is not in the ring. */
    int indexOf(long offset) {
        if (size == 0 || offset < first() || offset > last()) {
            return -1;
        }
        if (offset == first()) {
            return 0; // in-order acknowledgements, the common case, skip the search
        }
        int low = 1;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long value = offsets[slot(mid)];
            if (value < offset) {
                low = mid + 1;
            } else if (value > offset) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Flags the offset at {@code index}; true when it was not flagged before. */
    boolean markAcknowledged(int index) {
        int slot = slot(index);
        boolean first = !acknowledged[slot];
        acknowledged[slot] = true;
        return first;
    }

    /** Empties the ring and gives its memory back. */
    void clear() {
        offsets = new long[INITIAL_CAPACITY];
        acknowledged = new boolean[INITIAL_CAPACITY];
        head = 0;
        size = 0;
    }

    private int slot(int index) {
        return (head + index) & (offsets.length - 1);
    }

    /** Doubles the capacity, unrolling the ring so that the oldest offset is at slot 0 again. */
    private void grow() {
        int capacity = offsets.length;
        long[] grownOffsets = new long[capacity * 2];
        boolean[] grownFlags = new boolean[capacity * 2];
        int toEnd = capacity - head;
        System.arraycopy(offsets, head, grownOffsets, 0, toEnd);
        System.arraycopy(offsets, 0, grownOffsets, toEnd, head);
        System.arraycopy(acknowledged, head, grownFlags, 0, toEnd);
        System.arraycopy(acknowledged, 0, grownFlags, toEnd, head);
        offsets = grownOffsets;
        acknowledged = grownFlags;
        head = 0;
    }
}
