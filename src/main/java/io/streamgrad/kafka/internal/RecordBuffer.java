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
 * @param <K> key type
 * @param <V> value type
 */
public final class RecordBuffer<K, V> {
    private final ArrayDeque<ReceiverRecord<K, V>> records = new ArrayDeque<>();
    private volatile int size;
    private volatile int maxSize;

    /** Appends records (poll thread). */
    public synchronized void addAll(List<ReceiverRecord<K, V>> polled) {
        records.addAll(polled);
        size = records.size();
        if (size > maxSize) {
            maxSize = size;
        }
    }

    /** Takes the oldest record, or null when empty (emit thread). */
    public synchronized ReceiverRecord<K, V> poll() {
        ReceiverRecord<K, V> next = records.pollFirst();
        size = records.size();
        return next;
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
