package io.streamgrad.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A consumed input record as the pipeline sees it: where it came from and its original bytes and headers.
 *
 * @param headers the record's headers in their order, repeated keys included (Kafka headers are a multimap);
 *     copied into an unmodifiable list
 */
public record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value,
                           List<Header> headers) {
    /** Copies {@code headers}, so that the record cannot change under a dead letter built from it. */
    public SourceRecord {
        headers = List.copyOf(headers);
    }

    /**
     * One header of the record.
     *
     * @param key the header's key, not null
     * @param value the header's value as the producer wrote it; null when it has none
     */
    public record Header(String key, byte[] value) {
        /** Checks the key. */
        public Header {
            Objects.requireNonNull(key, "header key");
        }
    }
}
