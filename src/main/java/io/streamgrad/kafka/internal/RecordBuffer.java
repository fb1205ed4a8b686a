package io.streamgrad.kafka.internal;

import io.streamgrad.kafka.ReceiverRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Records polled but not yet emitted, in poll order, between the poll thread (which adds) and the emit
 * thread (which takes). A lock rather than a lock-free queue, because the poll thread must also remove all
 * records of revoked partitions atomically and know how many it removed.
 *
 * <p>{@link #size()} and {@link #maxSize()} are readable without the lock, for flow control and metrics.
 *
 * <p>Taking records that brings the count down to {@code roomAt} (where a whole poll fits again) runs
 * {@code onRoom}, which wakes a poll thread that paused for lack of room. Without it, the poll thread would
 * sleep out its paused-poll interval (20 ms) while the emit thread empties the buffer in microseconds: with
 * unbounded demand that idled the receiver for most of each pause.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class RecordBuffer<K, V> {
    private final ArrayDeque<ReceiverRecord<K, V>> records = new ArrayDeque<>();
    private final int roomAt;
    private final Runnable onRoom;
    private volatile int size;
    private volatile int maxSize;

    /** A buffer that tells no one when there is room. */
    public RecordBuffer() {
        this(Integer.MAX_VALUE, () -> {
        });
    }

    /**
     * @param roomAt the record count at or below which the poll thread may fetch again
     * @param onRoom run, on the taking thread and outside the lock, when a take brings the count from above
     *               {@code roomAt} to at most {@code roomAt}
     */
    public RecordBuffer(int roomAt, Runnable onRoom) {
        this.roomAt = roomAt;
        this.onRoom = onRoom;
    }

    /** Appends records (poll thread). */
    public synchronized void addAll(List<ReceiverRecord<K, V>> polled) {
        records.addAll(polled);
        size = records.size();
        if (size > maxSize) {
            maxSize = size;
        }
    }

    /** Takes the oldest record, or null when empty (emit thread). */
    public ReceiverRecord<K, V> poll() {
        ReceiverRecord<K, V> next;
        boolean room;
        synchronized (this) {
            next = records.pollFirst();
            room = updateSize();
        }
        if (room) {
            onRoom.run();
        }
        return next;
    }

    /**
     * Takes the oldest records, at most {@code max}, under one lock (emit thread, batch mode); an empty list
     * when the buffer is empty. The list is the caller's.
     */
    public List<ReceiverRecord<K, V>> pollUpTo(int max) {
        List<ReceiverRecord<K, V>> taken;
        boolean room;
        synchronized (this) {
            int count = Math.min(max, records.size());
            if (count == 0) {
                return List.of();
            }
            taken = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                taken.add(records.pollFirst());
            }
            room = updateSize();
        }
        if (room) {
            onRoom.run();
        }
        return taken;
    }

    /** Publishes the new size after a take; true when the take made room for a whole poll. */
    private boolean updateSize() {
        int before = size;
        size = records.size();
        return before > roomAt && size <= roomAt;
    }

    /** Removes and returns the records of these partitions (revoked, lost or seeked). */
    public synchronized List<ReceiverRecord<K, V>> removePartitions(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = Set.copyOf(partitions);
        List<ReceiverRecord<K, V>> removed = new ArrayList<>();
        for (Iterator<ReceiverRecord<K, V>> it = records.iterator(); it.hasNext(); ) {
            ReceiverRecord<K, V> r = it.next();
            if (gone.contains(r.topicPartition())) {
                removed.add(r);
                it.remove();
            }
        }
        size = records.size();
        return removed;
    }

    /** Removes and returns every record (on termination). */
    public synchronized List<ReceiverRecord<K, V>> clear() {
        List<ReceiverRecord<K, V>> removed = new ArrayList<>(records);
        records.clear();
        size = 0;
        return removed;
    }

    /** Records buffered now. */
    public int size() {
        return size;
    }

    /** The most records ever buffered at once. */
    public int maxSize() {
        return maxSize;
    }
}
