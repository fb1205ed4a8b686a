package io.streamgrad.pipeline;

import io.streamgrad.kafka.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Restoring from the shared model topic while another writer's transaction is open: the open transaction hides
 * every later commit from a {@code read_committed} reader, so the store waits until it is decided.
 */
class ModelTopicStoreTest {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static final byte[] STATE_A = {1};
    private static final byte[] STATE_B = {2};

    private static Map<String, Object> client() {
        return kafka.clientProperties();
    }

    private static String newTopic() throws Exception {
        String topic = "models-" + UUID.randomUUID();
        try (Admin admin = Admin.create(client())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static KafkaProducer<String, byte[]> transactional(String id) {
        Map<String, Object> props = new HashMap<>(client());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id + "-" + UUID.randomUUID());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    /** A dead trainer's open transaction with state A, then another trainer's committed state B after it. */
    private static KafkaProducer<String, byte[]> openTransactionBeforeACommit(String topic) throws Exception {
        KafkaProducer<String, byte[]> zombie = transactional("zombie");
        zombie.beginTransaction();
        zombie.send(new ProducerRecord<>(topic, "a", STATE_A)).get(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, byte[]> live = transactional("live")) {
            live.beginTransaction();
            live.send(new ProducerRecord<>(topic, "b", STATE_B));
            live.commitTransaction();
        }
        return zombie;
    }

    @Test
    void aRefreshWaitsForATransactionOpenWhenItBegan_soStatesCommittedAfterItAreNotMissed() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, byte[]> zombie = openTransactionBeforeACommit(topic)) {
            CompletableFuture<ModelTopicStore> refreshed = CompletableFuture.supplyAsync(
                    () -> new ModelTopicStore(client(), topic).refresh());
            Thread.sleep(500);
            assertThat(refreshed).as("waits while the transaction is open").isNotDone();

            zombie.abortTransaction();   // as the broker does when the dead writer's transaction times out

            ModelTopicStore store = refreshed.get(60, TimeUnit.SECONDS);
            assertThat(store.latest("b")).hasValue(STATE_B);
            assertThat(store.latest("a")).as("aborted").isEmpty();
        }
    }

    @Test
    void aTransactionThatStaysOpenFailsTheRefreshWithAnExplanation() throws Exception {
        String topic = newTopic();
        try (KafkaProducer<String, byte[]> zombie = openTransactionBeforeACommit(topic)) {
            ModelTopicStore store = new ModelTopicStore(client(), topic, Duration.ofSeconds(1));

            assertThatThrownBy(store::refresh).isInstanceOf(TrainerFailedException.class)
                    .hasMessageContaining("still has a transaction open after 1 s")
                    .hasMessageContaining("transaction.timeout.ms");
            zombie.abortTransaction();
        }
    }
}
