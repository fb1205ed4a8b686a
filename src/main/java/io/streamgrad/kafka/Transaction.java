package io.streamgrad.kafka;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The open transaction handed to the body of {@link TransactionalSender#inTransaction}. Everything sent
 * and every offset added becomes visible to {@code read_committed} consumers together when the body returns
 * and the transaction commits, or never, if it aborts.
 *
 * <p>Threading: use it only inside the body, on the thread that runs the body (the sender's transaction
 * thread); other threads, or calls after the body returned, get an {@link IllegalStateException}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Transaction<K, V> {
    /**
     * Sends a record in this transaction. Does not wait: the future completes when the broker acknowledges
     * the record, at the latest when the transaction commits. Waiting for it inside the body is allowed but
     * makes the transaction wait for each round trip.
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record);

    /**
     * Adds consumed offsets to this transaction ({@code sendOffsetsToTransaction}): they are committed for
     * the consumer group if and only if the transaction commits.
     *
     * @param offsets the next offsets to read, e.g. {@link ReceiverRecord#nextOffsets}
     * @param group   the consumer's {@link KafkaReceiver#groupMetadata()}
     */
    void sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group);
}
