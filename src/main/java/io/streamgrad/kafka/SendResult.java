package io.streamgrad.kafka;

import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The outcome of one record of a streamed send: where it was written, or why it was not. A failed record
 * does not stop the stream; to stop at the first failure, map results with
 * {@code handle((r, sink) -> { if (r.failed()) sink.error(r.exception()); else sink.next(r); })}.
 *
 * @param metadata            topic, partition and offset of the written record; null when it failed
 * @param exception           why it failed (Kafka's exception, e.g. {@code RecordTooLargeException}); null on success
 * @param correlationMetadata the {@link SenderRecord#correlationMetadata()} of the record
 * @param <T>                 correlation metadata type
 */
public record SendResult<T>(RecordMetadata metadata, Exception exception, T correlationMetadata) {
    /** True when the record was not written. */
    public boolean failed() {
        return exception != null;
    }
}
