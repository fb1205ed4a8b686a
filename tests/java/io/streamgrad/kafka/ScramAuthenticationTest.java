package io.streamgrad.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.streamgrad.kafka.TestClients.receiverOptions;
import static io.streamgrad.kafka.TestClients.senderOptions;
import static io.streamgrad.kafka.TestNames.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker whose client listener takes SASL/SCRAM-SHA-256: clients log in with a password that they get
 * from an environment reference, a wrong password fails fast and clearly, and no password reaches the logs.
 */
class ScramAuthenticationTest {
    private static final String USER = "trainer";
    /** Unique, so that finding it anywhere in the captured logs can only mean a leak. */
    private static final String PASSWORD = "pw-" + UUID.randomUUID();
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(EmbeddedKafka.builder().scram(USER, PASSWORD));

    @RegisterExtension
    final CapturedStderr logs = new CapturedStderr();

    @Test
    void clientsLogInWithAPasswordFromAnEnvironmentReference_andNoLogLineShowsIt() {
        SecretResolver environment = SecretResolver.withEnvironment(Map.of("KAFKA_PASSWORD", PASSWORD));
        KafkaClientConfig config = KAFKA.clientConfig().withScramLogin(USER, "${env:KAFKA_PASSWORD}");
        String topic = unique("scram");
        KAFKA.createTopic(topic, 1, false);

        try (KafkaSender<String, String> sender = KafkaSender.create(senderOptions(config).secretResolver(environment).build())) {
            List<SendResult<Object>> results = sender.send(Flux.just("a", "b", "c")
                    .map(v -> SenderRecord.of(new ProducerRecord<String, String>(topic, v), null))).collectList().block(PROMPTLY);
            assertThat(results).hasSize(3).noneMatch(SendResult::failed);
        }
        KafkaClientConfig consumer = config.withAll(Map.of("group.id", unique("g"), "auto.offset.reset", "earliest"));
        try (KafkaReceiver<String, String> receiver = KafkaReceiver.create(receiverOptions(consumer, topic)
                .secretResolver(environment).build())) {
            assertThat(receiver.receive().map(ReceiverRecord::value).take(3).collectList().block(PROMPTLY))
                    .containsExactly("a", "b", "c");
        }

        assertThat(logs.text()).as("the receiver logged its (redacted) config")
                .contains("sasl.jaas.config=[redacted]")
                .doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordFailsPromptlyWithAnExplainedAuthenticationError() {
        String wrong = "not-" + PASSWORD;
        SecretResolver environment = SecretResolver.withEnvironment(Map.of("KAFKA_PASSWORD", wrong));
        KafkaClientConfig config = KAFKA.clientConfig().withScramLogin(USER, "${env:KAFKA_PASSWORD}")
                .withAll(Map.of("group.id", unique("g"), "max.block.ms", "5000", "default.api.timeout.ms", "5000"));
        String topic = unique("scram-denied");
        KAFKA.createTopic(topic, 1, false);

        try (KafkaReceiver<String, String> receiver = KafkaReceiver.create(receiverOptions(config, topic)
                .secretResolver(environment).build())) {
            Duration took = StepVerifier.create(receiver.receive())
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ReceiverException.class)
                            .hasCauseInstanceOf(SaslAuthenticationException.class)
                            .hasMessageContaining("Authentication failed").hasMessageContaining("sasl.jaas.config"))
                    .verify(PROMPTLY);
            assertThat(took).isLessThan(PROMPTLY);
        }
        try (KafkaSender<String, String> sender = KafkaSender.create(senderOptions(config).secretResolver(environment).build())) {
            StepVerifier.create(sender.send(new ProducerRecord<>(topic, "x")))
                    .expectError(SaslAuthenticationException.class)
                    .verify(PROMPTLY);
        }

        assertThat(logs.text()).contains("Authentication failed").doesNotContain(PASSWORD);
    }
}
