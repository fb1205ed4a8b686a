package io.streamgrad.pipeline;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.kafka.KafkaReceiver;
import io.streamgrad.kafka.TransactionalSender;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A trainer whose creation fails part way (no broker needed) closes what it had created and reports why. */
class KafkaTrainerStartupTest {
    private static final ConfigTree CONFIG = ConfigTree.of(Map.of("input.features", List.of("x1", "x2"),
            "input.target", "y", "model.id", "m"));
    private static final CsvRowDecoder DECODER = new CsvRowDecoder(List.of("x1", "x2", "y"), List.of("x1", "x2"),
            "y", "", 1024);

    @Test
    void aProducerThatCannotBeCreatedClosesTheReceiverAlreadyCreated() {
        // Only the producer reads compression.type; the consumer is created by start(), so nothing connects.
        KafkaClientConfig client = KafkaClientConfig.bootstrap("127.0.0.1:9").with("compression.type", "bogus");
        TrainerSettings settings = TrainerSettings.from(CONFIG, client, "1");
        AtomicReference<KafkaReceiver<byte[], byte[]>> receiver = new AtomicReference<>();

        assertThatThrownBy(() -> new KafkaTrainer(settings, ModelSpec.from(CONFIG), DECODER, new TrainerListener() { },
                options -> {
                    receiver.set(KafkaReceiver.create(options));
                    return receiver.get();
                }, TransactionalSender::create))
                .isInstanceOf(ConfigException.class).hasMessageContaining("compression.type");

        assertThat(receiver.get()).as("receiver created before the producer").isNotNull();
        try {
            assertThatThrownBy(() -> receiver.get().receiveBatches().blockFirst(Duration.ofSeconds(5)))
                    .as("the receiver was closed").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed");
        } finally {
            receiver.get().close();
        }
    }

    @Test
    void theTransactionTimeoutIsShortUnlessConfigured() {
        for (Map.Entry<KafkaClientConfig, Object> c : Map.<KafkaClientConfig, Object>of(
                KafkaClientConfig.bootstrap("127.0.0.1:9"), KafkaTrainer.TRANSACTION_TIMEOUT_MS,
                KafkaClientConfig.bootstrap("127.0.0.1:9").with("transaction.timeout.ms", "45000"), "45000").entrySet()) {
            AtomicReference<Object> timeout = new AtomicReference<>();
            AtomicReference<KafkaReceiver<byte[], byte[]>> receiver = new AtomicReference<>();
            TrainerSettings settings = TrainerSettings.from(CONFIG, c.getKey(), "1");

            // The sender factory records the producer's configuration and stops the construction there.
            assertThatThrownBy(() -> new KafkaTrainer(settings, ModelSpec.from(CONFIG), DECODER,
                    new TrainerListener() { }, options -> {
                        receiver.set(KafkaReceiver.create(options));
                        return receiver.get();
                    }, options -> {
                        timeout.set(options.config().get("transaction.timeout.ms").orElse(null));
                        throw new IllegalStateException("stop here");
                    })).hasMessage("stop here");
            receiver.get().close();

            assertThat(timeout.get()).isEqualTo(c.getValue());
        }
    }
}
