package io.streamgrad.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The consumer operations a {@link RebalanceListener} may use while partitions are being assigned: where
 * to start reading each of them. Valid only during the callback, on the poll thread; never keep it.
 */
public interface PartitionSeeker {
    /** Starts reading {@code partition} at {@code offset} (e.g. from offsets stored with the model). */
    void seek(TopicPartition partition, long offset);

    /** Starts reading these partitions at their first offset. */
    void seekToBeginning(Collection<TopicPartition> partitions);

    /** Starts reading these partitions after their last offset. */
    void seekToEnd(Collection<TopicPartition> partitions);

    /** The offset the next record of {@code partition} will have (blocks while it is looked up). */
    long position(TopicPartition partition);

    /** The group's committed offsets of these partitions; partitions with none are absent or map to null. */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions);
}
