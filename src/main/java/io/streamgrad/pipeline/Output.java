package io.streamgrad.pipeline;

/** What processing a batch asks the publisher to write, all inside the current Kafka transaction. */
public sealed interface Output {
    /** A rejected record for the dead-letter topic, with its original bytes and the reason. */
    record DeadLetter(SourceRecord source, String reason) implements Output {
    }

    /** A loss record for the metrics topic, keyed by model id. */
    record Metric(String modelId, String json) implements Output {
    }

    /** A training state for the compacted model topic, keyed by model id. */
    record ModelPublication(String modelId, long version, byte[] state) implements Output {
    }
}
