package io.streamgrad.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record emitted by {@link KafkaReceiver#receive()} (or within a list by
 * {@link KafkaReceiver#receiveBatches()}): the {@link ConsumerRecord} plus
 * {@link #acknowledge()}, which tells the receiver that the record is processed and its offset may be
 * committed.
 *
 * <p>At-least-once: acknowledge each record once its processing is done; the receiver commits, per
 * partition, up to the first record not yet acknowledged (never past it, whatever the order of the acks).
 * Exactly-once: do not acknowledge; send {@link #nextOffsets(Collection)} of the batch to the transaction
 * with {@link Transaction#sendOffsets}, and build the receiver with
 * {@link ReceiverOptions.Builder#acknowledgements(boolean) acknowledgements(false)}, so that it keeps no
 * bookkeeping for acknowledgements that never come ({@code acknowledge()} then throws).
 *
 * <p>Instances are immutable; {@link #acknowledge()} may be called from any thread, more than once
 * (later calls do nothing), and after the partition was revoked (it then does nothing: the new owner
 * will receive the record again).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ReceiverRecord<K, V> {
    private final ConsumerRecord<K, V> record;
    private final Runnable acknowledgement;

    private ReceiverRecord(ConsumerRecord<K, V> record, Runnable acknowledgement) {
        this.record = Objects.requireNonNull(record, "record");
        this.acknowledgement = Objects.requireNonNull(acknowledgement, "acknowledgement");
    }

    /** A record whose {@link #acknowledge()} runs {@code acknowledgement} (used by the receiver and tests). */
    public static <K, V> ReceiverRecord<K, V> of(ConsumerRecord<K, V> record, Runnable acknowledgement) {
        return new ReceiverRecord<>(record, acknowledgement);
    }

    /** The record as the consumer returned it. */
    public ConsumerRecord<K, V> record() {
        return record;
    }

    /** The deserialized key; null when the record has none. */
    public K key() {
        return record.key();
    }

    /** The deserialized value; null for a tombstone. */
    public V value() {
        return record.value();
    }

    /** The topic the record was read from. */
    public String topic() {
        return record.topic();
    }

    /** The partition the record was read from. */
    public int partition() {
        return record.partition();
    }

    /** The record's offset in its partition; {@link #nextOffset()} is what to commit after it. */
    public long offset() {
        return record.offset();
    }

    /**
     * The record's timestamp in milliseconds since the epoch: its creation or log-append time, as
     * {@code record().timestampType()} says.
     */
    public long timestamp() {
        return record.timestamp();
    }

    /** The record's headers, as the consumer returned them. */
    public Headers headers() {
        return record.headers();
    }

    /** The record's topic and partition, as the key of offset maps. */
    public TopicPartition topicPartition() {
        return new TopicPartition(record.topic(), record.partition());
    }

    /** The offset to commit once this record is processed: its offset + 1, with its leader epoch. */
    public OffsetAndMetadata nextOffset() {
        return new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), "");
    }

    /** Marks this record processed, so its offset may be committed once all earlier ones are too. */
    public void acknowledge() {
        acknowledgement.run();
    }

    /**
     * For each partition among {@code records}, the offset after its highest record: what a transaction
     * sends with {@code sendOffsetsToTransaction} after processing exactly these records.
     */
    public static Map<TopicPartition, OffsetAndMetadata> nextOffsets(Collection<? extends ReceiverRecord<?, ?>> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ReceiverRecord<?, ?> r : records) {
            next.merge(r.topicPartition(), r.nextOffset(), (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return next;
    }

    /** Topic, partition and offset only: keys and values may be large or sensitive. */
    @Override
    public String toString() {
        return "ReceiverRecord[" + record.topic() + "-" + record.partition() + "@" + record.offset() + "]";
    }
}
