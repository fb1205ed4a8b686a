package io.streamgrad.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The receiver and sender scenarios against Kafka's own Docker image (apache/kafka:4.1.1) through
 * Testcontainers; skipped where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerScenariosTest extends ReceiverSenderScenarios {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");

    private static final KafkaCluster CLUSTER = new KafkaCluster() {
        @Override
        public String bootstrapServers() {
            return KAFKA.getBootstrapServers();
        }

        @Override
        public KafkaClientConfig clientConfig() {
            return KafkaClientConfig.bootstrap(bootstrapServers());
        }

        @Override
        public void createTopic(String name, int partitions, boolean compacted) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (compacted) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("could not create topic " + name + " in the container: " + e, e);
            }
        }
    };

    @Override
    protected KafkaCluster cluster() {
        return CLUSTER;
    }
}
