package io.streamgrad.pipeline;

/** Header names of a dead-letter record: why it was rejected and where it came from. */
public final class DeadLetterHeaders {
    public static final String REASON = "streamgrad.reason";
    public static final String SOURCE_TOPIC = "streamgrad.source.topic";
    public static final String SOURCE_PARTITION = "streamgrad.source.partition";
    public static final String SOURCE_OFFSET = "streamgrad.source.offset";

    private DeadLetterHeaders() {
    }
}
