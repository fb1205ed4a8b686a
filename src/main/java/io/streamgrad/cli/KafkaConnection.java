package io.streamgrad.cli;

import io.streamgrad.config.ConfigException;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.EmbeddedKafka;
import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.kafka.SecretResolver;
import io.streamgrad.kafka.Topics;

import java.util.Map;

/**
 * The broker a command talks to: the configured {@code kafka.bootstrap-servers}, or, when empty, a
 * single-node KRaft broker started inside this JVM. Creates the topics the trainer uses.
 */
final class KafkaConnection implements AutoCloseable {
    private final EmbeddedKafka embedded;
    private final KafkaClientConfig client;

    private KafkaConnection(EmbeddedKafka embedded, KafkaClientConfig client) {
        this.embedded = embedded;
        this.client = client;
    }

    /**
     * The configured broker's client config (with {@code kafka.client}), or a broker started in this JVM when
     * {@code kafka.bootstrap-servers} is empty.
     *
     * @throws ConfigException when a secret reference in {@code kafka.client} cannot be resolved (an unset
     *     variable, an unreadable file): checked here, before a broker starts, rather than when the first client
     *     is created, where it surfaced as some client's failure
     */
    static KafkaConnection open(ConfigTree config) {
        Map<String, String> clientProperties = config.stringMap("kafka.client");
        try {
            KafkaClientConfig.of(clientProperties).resolve(SecretResolver.fromEnvironment());
        } catch (IllegalArgumentException e) {
            // The message names the property and the reference, never the secret, and says what to do.
            throw new ConfigException(e.getMessage());
        }
        String servers = config.string("kafka.bootstrap-servers");
        EmbeddedKafka embedded = null;
        KafkaClientConfig client;
        if (servers.isBlank()) {
            embedded = EmbeddedKafka.start();
            client = KafkaClientConfig.of(embedded.clientProperties());
        } else {
            client = KafkaClientConfig.bootstrap(servers);
        }
        client = client.withAll(clientProperties);
        return new KafkaConnection(embedded, client);
    }

    KafkaClientConfig client() {
        return client;
    }

    Map<String, Object> resolved() {
        return client.resolve(SecretResolver.fromEnvironment());
    }

    /** Where the broker is, for messages: the bootstrap servers, and whether it is in this JVM. */
    String describe() {
        return (embedded != null ? "embedded broker " : "") + resolved().get("bootstrap.servers");
    }

    void createTopics(ConfigTree config) {
        int partitions = config.integer("kafka.partitions");
        Map<String, Object> props = resolved();
        Topics.ensure(props, config.string("kafka.topics.rows"), partitions, false);
        Topics.ensure(props, config.string("kafka.topics.models"), 1, true);
        Topics.ensure(props, config.string("kafka.topics.metrics"), 1, false);
        Topics.ensure(props, config.string("kafka.topics.dead-letter"), 1, false);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
