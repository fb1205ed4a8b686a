package io.streamgrad.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.Set;

/**
 * A snapshot of a {@link KafkaReceiver}'s flow control, for metrics and tests. Taken without
 * synchronising with the poll thread: each field is current, the fields together may be a few
 * microseconds apart.
 *
 * @param running            whether a subscription is active (a poll thread owns a consumer)
 * @param polls              how many times the poll thread has called {@code poll} in the current (or last) subscription
 * @param bufferedRecords    records polled but not yet emitted downstream (the in-flight count)
 * @param maxBufferedRecords the highest {@code bufferedRecords} of the subscription; never above {@code bufferCapacity}
 * @param bufferCapacity     the configured hard bound of {@code bufferedRecords}
 * @param assignment         the partitions assigned to the consumer
 * @param paused             the assigned partitions the consumer is not fetching from (no demand or no room)
 * @param emittedRecords     records emitted downstream in the current (or last) subscription; records, not
 *                           lists, also for {@link KafkaReceiver#receiveBatches()}
 */
public record ReceiverStatus(boolean running, long polls, int bufferedRecords, int maxBufferedRecords,
                             int bufferCapacity, Set<TopicPartition> assignment, Set<TopicPartition> paused,
                             long emittedRecords) {
    /** Copies both partition sets into unmodifiable ones. */
    public ReceiverStatus {
        assignment = Set.copyOf(assignment);
        paused = Set.copyOf(paused);
    }

    /** True when partitions are assigned and every one of them is paused. */
    public boolean allPaused() {
        return !assignment.isEmpty() && paused.containsAll(assignment);
    }
}
