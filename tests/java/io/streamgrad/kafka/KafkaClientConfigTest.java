package io.streamgrad.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientConfigTest {
    private final KafkaClientConfig config = KafkaClientConfig.bootstrap("broker:9093").withAll(Map.of(
            "security.protocol", "SASL_SSL",
            "ssl.truststore.password", "changeit",
            "ssl.key.password", "k3y",
            "sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"hunter2\";",
            "sasl.oauthbearer.client.credentials.client.secret", "s3cret",
            "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
            "max.poll.records", 100));

    @Test
    void redactedMasksPasswordsSecretsJaasAndKeys_butNotSerializerClasses() {
        Map<String, String> shown = config.redacted();
        assertThat(shown).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("max.poll.records", "100")
                .containsEntry("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer")
                .containsEntry("ssl.truststore.password", "[redacted]")
                .containsEntry("ssl.key.password", "[redacted]")
                .containsEntry("sasl.jaas.config", "[redacted]")
                .containsEntry("sasl.oauthbearer.client.credentials.client.secret", "[redacted]");
    }

    @Test
    void toStringShowsOnlyTheRedactedView() {
        assertThat(config.toString()).doesNotContain("changeit", "k3y", "hunter2", "s3cret").contains("broker:9093");
    }

    @Test
    void anyMapCanBeRedactedForLogging() {
        assertThat(KafkaClientConfig.redact(Map.of("api.secret", "x", "linger.ms", 5)))
                .containsEntry("api.secret", "[redacted]").containsEntry("linger.ms", "5");
    }

    @Test
    void resolvingGivesTheClientTheSecretsWhileTheConfigKeepsOnlyTheReference() {
        KafkaClientConfig withReference = KafkaClientConfig.bootstrap("b:1").withScramLogin("trainer", "${env:PW}");
        Map<String, Object> forTheClient = withReference.resolve(SecretResolver.withEnvironment(Map.of("PW", "hunter2")));

        assertThat(forTheClient).containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        assertThat(forTheClient.get("sasl.jaas.config").toString()).contains("username=\"trainer\" password=\"hunter2\"");
        assertThat(withReference.get("sasl.jaas.config").orElseThrow().toString()).contains("${env:PW}");
    }

    @Test
    void withReturnsANewConfigAndLeavesTheOriginalUnchanged() {
        KafkaClientConfig more = config.with("linger.ms", 10);
        assertThat(more.get("linger.ms")).contains(10);
        assertThat(config.get("linger.ms")).isEmpty();
    }
}
