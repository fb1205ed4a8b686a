package io.streamgrad.pipeline;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.kafka.SecretResolver;

import java.time.Duration;

/**
 * The trainer's Kafka and batching settings: client properties (passed through, secrets as references),
 * topics, group and transactional ids, batch size and wait, publication cadence and the in-flight bound.
 */
public record TrainerSettings(KafkaClientConfig client, SecretResolver secrets, String groupId, String instanceId,
                              String transactionalId, String rowsTopic, String modelsTopic, String metricsTopic,
                              String deadLetterTopic, int batchSize, long maxWaitMs, int publishEvery,
                              int maxInFlightRows, Duration idlePublish) {

    /**
     * Settings from the config; {@code client} holds the configured or the embedded broker's bootstrap servers.
     * Secret references in the client properties resolve against this process's environment.
     */
    public static TrainerSettings from(ConfigTree config, KafkaClientConfig client, String instanceId) {
        return from(config, client, instanceId, SecretResolver.fromEnvironment());
    }

    /** As {@link #from(ConfigTree, KafkaClientConfig, String)}, resolving secret references with {@code secrets}. */
    public static TrainerSettings from(ConfigTree config, KafkaClientConfig client, String instanceId,
                                       SecretResolver secrets) {
        return new TrainerSettings(client, secrets, config.string("kafka.group-id"), instanceId,
                config.string("kafka.transactional-id-prefix") + "-" + instanceId,
                config.string("kafka.topics.rows"), config.string("kafka.topics.models"),
                config.string("kafka.topics.metrics"), config.string("kafka.topics.dead-letter"),
                config.integer("training.batch-size"), config.integer("training.max-wait-ms"),
                config.integer("training.publish-every"), config.integer("training.max-in-flight-rows"),
                Duration.ofMillis(config.integer("training.idle-publish-ms")));
    }
}
