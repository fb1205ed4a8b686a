package io.streamgrad.pipeline;

/** Header names of a dead-letter record: why it was rejected and where it came from. */
public final class DeadLetterHeaders {
    /** Why the record was rejected, in UTF-8: the decoder's message, e.g. a column that is not a number. */
    public static final String REASON = "streamgrad.reason";
    /** The topic the record was read from, in UTF-8. */
    public static final String SOURCE_TOPIC = "streamgrad.source.topic";
    /** The partition the record was read from, as decimal digits in UTF-8. */
    public static final String SOURCE_PARTITION = "streamgrad.source.partition";
    /** The record's offset in its partition, as decimal digits in UTF-8. */
    public static final String SOURCE_OFFSET = "streamgrad.source.offset";

    private DeadLetterHeaders() {
    }
}
