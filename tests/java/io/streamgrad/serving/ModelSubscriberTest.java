package io.streamgrad.serving;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.EmbeddedKafka;
import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.kafka.SecretResolver;
import io.streamgrad.pipeline.InputRow;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.TrainingState;
import io.streamgrad.pipeline.TrainingStateCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Newest state first, then strictly increasing versions; malformed and stale messages are skipped. */
class ModelSubscriberTest {
    private static final String TOPIC = "models-under-test";
    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        kafka.createTopic(TOPIC, 1, true);
        producer = new KafkaProducer<>(new HashMap<>(kafka.clientProperties()), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        kafka.close();
    }

    private static final TrainingState STATE = TrainingState.fresh(ModelSpec.from(ConfigTree.of(Map.of())), "m");

    private static byte[] version(int v) {
        STATE.train(List.of(new InputRow("", new double[] {1, 2, 3}, 4), new InputRow("", new double[] {2, 1, 0}, 1)));
        while (STATE.version() < v) {
            STATE.train(List.of(new InputRow("", new double[] {1, 1, 1}, 1)));
            STATE.markPublished();
        }
        return TrainingStateCodec.encode(STATE);
    }

    private static void send(byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, "m".getBytes(StandardCharsets.UTF_8), value)).get();
    }

    @Test
    void newestFirstThenOnlyNewerVersionsAndMalformedSkipped() throws Exception {
        byte[] v1 = version(1);
        byte[] v2 = version(2);
        send(v1);
        send(v2);
        ModelSubscriber subscriber = new ModelSubscriber(KafkaClientConfig.of(kafka.clientProperties()),
                SecretResolver.fromEnvironment(), TOPIC);
        byte[] v3 = version(3);

        StepVerifier.create(subscriber.updates("m").map(p -> p.update().version()), 1)
                .expectNext(2L)
                .then(() -> {
                    try {
                        send("not safetensors".getBytes(StandardCharsets.UTF_8));
                        send(v1);
                        send(v3);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .thenRequest(1)
                .expectNext(3L)
                .thenCancel()
                .verify(Duration.ofSeconds(60));

        assertThat(subscriber.malformed()).isEqualTo(1);
    }
}
