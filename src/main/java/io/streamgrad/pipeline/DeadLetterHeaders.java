package io.streamgrad.pipeline;

import java.util.Set;

/**
 * Header names of a dead-letter record: why it was rejected and where it came from. A dead letter carries every
 * header of the original record, in order and with repeated keys, followed by these four, each exactly once: an
 * original header with one of these keys (a dead letter fed back into the rows topic and rejected again) is
 * dropped, its value lost, so that they always describe the latest rejection.
 */
public final class DeadLetterHeaders {
    /** Why the record was rejected, in UTF-8: the decoder's message, e.g. a column that is not a number. */
    public static final String REASON = "streamgrad.reason";
    /** The topic the record was read from, in UTF-8. */
    public static final String SOURCE_TOPIC = "streamgrad.source.topic";
    /** The partition the record was read from, as decimal digits in UTF-8. */
    public static final String SOURCE_PARTITION = "streamgrad.source.partition";
    /** The record's offset in its partition, as decimal digits in UTF-8. */
    public static final String SOURCE_OFFSET = "streamgrad.source.offset";

    /** The four names above, which a dead letter sets and the original record's headers cannot repeat. */
    public static final Set<String> ALL = Set.of(REASON, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET);

    private DeadLetterHeaders() {
    }
}
