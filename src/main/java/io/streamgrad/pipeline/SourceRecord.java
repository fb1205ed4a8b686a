package io.streamgrad.pipeline;

import java.util.Map;

/** A consumed input record as the pipeline sees it: where it came from and its original bytes and headers. */
public record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value,
                           Map<String, byte[]> headers) {
}
