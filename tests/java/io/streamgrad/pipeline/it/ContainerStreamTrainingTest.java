package io.streamgrad.pipeline.it;

import io.streamgrad.kafka.KafkaClientConfig;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The stream-training scenarios against Kafka's own Docker image through Testcontainers; skipped where no
 * Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerStreamTrainingTest extends StreamTrainingScenarios {
    /** A single broker: internal topics of one partition and one replica, so transactions work at once. */
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");

    @Override
    protected KafkaBroker broker() {
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return KAFKA.getBootstrapServers();
            }

            @Override
            public KafkaClientConfig clientConfig() {
                return KafkaClientConfig.bootstrap(bootstrapServers());
            }
        };
    }
}
