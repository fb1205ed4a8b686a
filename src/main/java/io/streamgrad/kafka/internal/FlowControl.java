package io.streamgrad.kafka.internal;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides, before each poll, whether the consumer may fetch: only while downstream demand, converted to
 * records, exceeds what is buffered and one whole poll ({@code max.poll.records}) still fits in the buffer.
 * Otherwise it pauses every assigned partition and the poll thread keeps polling anyway, which keeps the
 * group membership alive without fetching (a paused partition's records are never returned by
 * {@code poll}).
 *
 * <p>Demand counts elements of the Flux; {@code recordsPerElement} converts it to records: 1 when each
 * element is a record, {@code max.poll.records} when each element is a list of up to that many records
 * (then one demanded list is worth a whole poll). The conversion only decides when to fetch; the bound
 * below holds whatever it is.
 *
 * <p>This is what makes {@code bufferCapacity} a hard bound: records are added only by a poll that started
 * with room for {@code max.poll.records} more. Partitions assigned during a poll (inside the rebalance
 * callback) are paused there, before that poll can fetch them, when the receiver is not fetching.
 *
 * <p>Confined to the poll thread.
 */
public final class FlowControl {
    private final int capacity;
    private final int maxPollRecords;
    private final int recordsPerElement;
    private boolean fetching;

    /**
     * Flow control for a Flux of single records (one record per demanded element).
     *
     * @param capacity       the hard bound of buffered records
     * @param maxPollRecords the most records one poll returns; at most {@code capacity}
     */
    public FlowControl(int capacity, int maxPollRecords) {
        this(capacity, maxPollRecords, 1);
    }

    /**
     * @param capacity          the hard bound of buffered records
     * @param maxPollRecords    the most records one poll returns; at most {@code capacity}
     * @param recordsPerElement the most records one demanded element takes (its weight); positive
     */
    public FlowControl(int capacity, int maxPollRecords, int recordsPerElement) {
        if (recordsPerElement < 1) {
            throw new IllegalArgumentException("recordsPerElement must be positive, got " + recordsPerElement);
        }
        this.capacity = capacity;
        this.maxPollRecords = maxPollRecords;
        this.recordsPerElement = recordsPerElement;
    }

    /** Whether the last {@link #apply} let the consumer fetch. */
    public boolean fetching() {
        return fetching;
    }

    /** Whether a poll may fetch, given the outstanding demand (in elements) and the buffered record count. */
    public boolean mayFetch(long demand, int buffered) {
        return demandedRecords(demand) > buffered && buffered <= roomForAPoll();
    }

    /** The most records that may be buffered when a poll starts fetching: a whole poll must still fit. */
    public int roomForAPoll() {
        return capacity - maxPollRecords;
    }

    /** Demand in records: elements times their weight, saturating at {@link Long#MAX_VALUE} (unbounded). */
    private long demandedRecords(long demand) {
        return demand > Long.MAX_VALUE / recordsPerElement ? Long.MAX_VALUE : demand * recordsPerElement;
    }

    /** Pauses or resumes all assigned partitions as {@link #mayFetch} says (demand in elements). */
    public void apply(Consumer<?, ?> consumer, long demand, int buffered) {
        fetching = mayFetch(demand, buffered);
        Set<TopicPartition> paused = consumer.paused();
        if (fetching) {
            if (!paused.isEmpty()) {
                consumer.resume(paused);
            }
            return;
        }
        Set<TopicPartition> toPause = new HashSet<>(consumer.assignment());
        toPause.removeAll(paused);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
    }

    /** Called as partitions are assigned inside a poll: they start paused unless the receiver is fetching. */
    public void onAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!fetching && !partitions.isEmpty()) {
            consumer.pause(partitions);
        }
    }
}
