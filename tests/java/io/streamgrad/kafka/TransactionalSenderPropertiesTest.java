package io.streamgrad.kafka;

import org.junit.jupiter.api.Test;

import static io.streamgrad.kafka.TestClients.senderOptions;
import static org.assertj.core.api.Assertions.assertThat;

/** A transactional producer retries a refused first send after 5 ms, not Kafka's 100 ms, unless told otherwise. */
class TransactionalSenderPropertiesTest {
    private static final KafkaClientConfig CONFIG = KafkaClientConfig.bootstrap("127.0.0.1:9")
            .with("transactional.id", "tx-1");

    @Test
    void theRetryBackoffIsShortByDefault() {
        assertThat(TransactionalSender.producerProperties(senderOptions(CONFIG).build()))
                .containsEntry("retry.backoff.ms", TransactionalSender.RETRY_BACKOFF_MS)
                .containsEntry("transactional.id", "tx-1");
    }

    @Test
    void aConfiguredRetryBackoffIsKept() {
        assertThat(TransactionalSender.producerProperties(senderOptions(CONFIG.with("retry.backoff.ms", "250")).build()))
                .containsEntry("retry.backoff.ms", "250");
    }
}
