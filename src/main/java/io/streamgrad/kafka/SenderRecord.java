package io.streamgrad.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Objects;

/**
 * A record to send plus correlation metadata of the caller's choosing (e.g. the source record to
 * acknowledge once this one is written), returned unchanged in its {@link SendResult}.
 *
 * @param record              what to send
 * @param correlationMetadata anything; may be null
 * @param <K>                 key type
 * @param <V>                 value type
 * @param <T>                 correlation metadata type
 */
public record SenderRecord<K, V, T>(ProducerRecord<K, V> record, T correlationMetadata) {
    /**
     * Checks the record.
     *
     * @throws NullPointerException if {@code record} is null
     */
    public SenderRecord {
        Objects.requireNonNull(record, "record");
    }

    /** The constructor with inferred type arguments. */
    public static <K, V, T> SenderRecord<K, V, T> of(ProducerRecord<K, V> record, T correlationMetadata) {
        return new SenderRecord<>(record, correlationMetadata);
    }
}
