package io.streamgrad.pipeline.it;

import io.streamgrad.kafka.KafkaClientConfig;

/**
 * A broker the pipeline's integration tests run against: the embedded one ({@link EmbeddedBroker}) or a
 * Testcontainers one. Tests share one per class, so each scenario uses its own topics and group
 * ({@link Pipeline}).
 */
interface KafkaBroker {
    /** {@code host:port} of the broker. */
    String bootstrapServers();

    /** The client properties to reach the broker (bootstrap servers, security protocol), without credentials. */
    KafkaClientConfig clientConfig();
}
