package io.streamgrad.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Callbacks of a {@link KafkaReceiver} when the consumer group moves partitions, e.g. for a pipeline that
 * must flush and commit its work before it loses a partition, and restore state and seek when it gains one.
 *
 * <p>Threading: every callback runs synchronously on the receiver's poll thread, inside
 * {@code KafkaConsumer.poll}, before the rebalance completes; the group waits for it (up to
 * {@code max.poll.interval.ms}). Callbacks may block (flush, commit a transaction, read a model topic) but
 * must not wait for the receiver's own {@link KafkaReceiver#commit()} or {@link KafkaReceiver#seek} results
 * from another thread: those run on the poll thread, which is busy here. Use the {@link PartitionSeeker}.
 *
 * <p>Errors: an exception thrown by a callback propagates out of {@code poll} and terminates the receiver's
 * Flux with {@code onError}.
 */
public interface RebalanceListener {
    /** A listener that does nothing. */
    RebalanceListener NONE = new RebalanceListener() {
    };

    /**
     * Called after partitions are assigned and before any of their records is fetched.
     *
     * @param partitions the newly assigned partitions
     * @param seeker     to choose where reading starts; the default is the committed offset
     */
    default void onPartitionsAssigned(Collection<TopicPartition> partitions, PartitionSeeker seeker) {
    }

    /**
     * Called before partitions are taken away in an orderly rebalance. When it is called the receiver has
     * already removed their buffered records (only the element being emitted can still arrive: one record, or
     * one list with {@link KafkaReceiver#receiveBatches()}). When it
     * returns, the receiver commits the acknowledged offsets of these partitions synchronously, then forgets
     * them: acknowledgements that arrive later are ignored and the records go to the new owner again.
     */
    default void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    }

    /**
     * Called when partitions were lost without an orderly rebalance (the consumer was kicked out of the
     * group): another member may own them already, so nothing may be committed for them. The default calls
     * {@link #onPartitionsRevoked}, as Kafka's own listener does.
     */
    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
