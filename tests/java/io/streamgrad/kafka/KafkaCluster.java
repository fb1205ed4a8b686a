package io.streamgrad.kafka;

/**
 * A broker the integration scenarios run against: the embedded one or a Testcontainers one. Tests share
 * one per class, so each test uses its own topics and groups ({@link TestNames}).
 */
public interface KafkaCluster {
    /** {@code host:port} of the broker. */
    String bootstrapServers();

    /** The client properties to reach the broker (bootstrap, security protocol), without credentials. */
    KafkaClientConfig clientConfig();

    /** Creates a topic with replication factor 1 and waits for it. */
    void createTopic(String name, int partitions, boolean compacted);
}
