package io.streamgrad.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** JVM and Kafka client binders; Kafka's meters never carry the client's credentials. */
class BindersTest {
    private static final String SECRET = "s3cr3t-hunter2";

    @AutoClose
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** A SASL/PLAIN client configuration; nothing connects: no broker listens on port 1. */
    private static Map<String, Object> saslClient(String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", "127.0.0.1:1");
        props.put("client.id", clientId);
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "PLAIN");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"trainer\" password=\"" + SECRET + "\";");
        return props;
    }

    @Test
    void jvmMetersAreBound() {
        try (MeterBinding _ = Binders.bindJvm(registry)) {
            assertThat(Scrape.parse(registry.scrape()).names()).contains("jvm_memory_used_bytes",
                    "jvm_threads_live_threads", "jvm_classes_loaded_classes", "system_cpu_count",
                    "process_cpu_usage");
        }
    }

    @Test
    void kafkaClientMetersAreBoundWithoutSecrets() {
        Map<String, Object> consumerProps = saslClient("streamgrad-trainer-test");
        consumerProps.put("group.id", "streamgrad-test");
        try (var consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(saslClient("streamgrad-producer-test"), new ByteArraySerializer(),
                     new ByteArraySerializer());
             MeterBinding _ = Binders.bindKafka(consumer, registry, Tags.of("model", "startups"));
             MeterBinding _ = Binders.bindKafka(producer, registry, Tags.of("model", "startups"))) {
            String scrape = registry.scrape();

            assertThat(Scrape.parse(scrape).names()).anyMatch(n -> n.startsWith("kafka_consumer_"))
                    .anyMatch(n -> n.startsWith("kafka_producer_"));
            assertThat(scrape).contains("client_id=\"streamgrad-trainer-test\"").doesNotContain(SECRET);
        }
    }
}
