package io.streamgrad.kafka;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A receiver subscribed again from its own terminal signal, as retry and repeat do; no broker needed. */
class KafkaReceiverResubscribeTest {
    @Test
    void aSubscriberThatResubscribesFromOnErrorGetsANewConsumer_neverAlreadyHasASubscriber() {
        // The consumer cannot be created (the secret is missing): every subscription fails at once on its poll thread.
        ReceiverOptions<String, String> options = ReceiverOptions.builder(
                        KafkaClientConfig.bootstrap("127.0.0.1:1").with("sasl.jaas.config", "${env:MISSING_SECRET}"),
                        new StringDeserializer(), new StringDeserializer())
                .assignment(List.of(new TopicPartition("rows", 0)))
                .secretResolver(SecretResolver.withEnvironment(Map.of())).build();
        List<Throwable> errors = new CopyOnWriteArrayList<>();

        try (KafkaReceiver<String, String> receiver = KafkaReceiver.create(options)) {
            assertThatThrownBy(() -> receiver.receive().doOnError(errors::add).retry(20).blockLast(Duration.ofSeconds(30)))
                    .isInstanceOf(ReceiverException.class);
        }

        assertThat(errors).hasSize(21).allSatisfy(e -> assertThat(e).isInstanceOf(ReceiverException.class)
                .hasMessageContaining("MISSING_SECRET is not set"));
    }
}
