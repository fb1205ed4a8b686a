package io.streamgrad.pipeline.it;

import io.streamgrad.testing.Await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.pipeline.DeadLetterHeaders;
import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.DivergedException;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.LinearReadout;
import io.streamgrad.pipeline.ModelUpdate;
import io.streamgrad.pipeline.TrainerFailedException;
import io.streamgrad.pipeline.TrainerListener;
import io.streamgrad.tensor.Tensor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The trainer end to end on a real broker, as {@code streamgrad train} runs it: rows in; model updates, loss
 * records and dead letters out, each committed once. Run against the embedded broker and, where Docker
 * exists, against Kafka's own image.
 */
@Timeout(180)
abstract class StreamTrainingScenarios {
    private static final String MODEL = "startups";
    private static final int ROWS = 20_000;
    /** DemoRows makes every this-many-th row malformed. */
    private static final int BAD_EVERY = 1_000;
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(90);

    protected abstract KafkaBroker broker();

    @Test
    void trainsFromTheStream_committingModelUpdatesLossRecordsAndDeadLettersOnce() {
        // A larger step than the default 0.05, so that 20,000 rows (625 steps) come near the least-squares fit.
        Pipeline p = Pipeline.create(broker(), "trains", Map.of("training.learning-rate", 0.2));
        List<String> lines = DemoRows.generate(ROWS, 7, BAD_EVERY);
        List<ProducerRecord<byte[], byte[]>> extraBad = malformedWithKeysAndHeaders(p.rowsTopic());
        long good = ROWS - ROWS / BAD_EVERY;

        KafkaTrainer trainer = p.start("1", TrainerListener.NONE);
        p.produce(lines);
        p.send(extraBad);
        p.awaitRowsSeen(MODEL, good, TRAINING_TIMEOUT, trainer);
        int deadLetters = ROWS / BAD_EVERY + extraBad.size();
        Await.until(TRAINING_TIMEOUT, deadLetters + " dead letters are committed",
                () -> p.records(p.deadLetterTopic()).size() >= deadLetters, () -> p.records(p.deadLetterTopic()).size());
        trainer.close();

        List<ModelUpdate> updates = p.modelUpdates();
        assertModelUpdates(p, updates, good);
        assertLossRecords(p.lossRecords(), updates.getLast(), good);
        assertDeadLetters(p, lines, extraBad);
        // The seminar's least-squares fit of 50_Startups: Profit ≈ 0.806 × R&D Spend + ...
        LinearReadout learned = LinearReadout.of(p.latestTrained(MODEL));
        assertThat(learned.coefficients()[0]).as("R&D Spend coefficient, in the data's units").isCloseTo(0.8, within(0.05));
    }

    @Test
    void divergenceGuard_rollsBackTheUnscaledSeminarRun_andNoPublishedWeightIsNonFinite() {
        // The seminar's unscaled run: sum of squared errors on raw dollars with eta = 1e-6 overshoots to inf.
        Pipeline p = Pipeline.create(broker(), "diverges", Map.of("training.scaler", "none", "training.loss", "sse",
                "training.learning-rate", 1e-6, "training.divergence-policy", "halve-lr"));
        int rows = 3_200;

        KafkaTrainer trainer = p.start("1", TrainerListener.NONE);
        p.produce(DemoRows.generate(rows, 11, 0));
        p.awaitRowsSeen(MODEL, rows, TRAINING_TIMEOUT, trainer);
        trainer.close();

        List<JsonNode> losses = p.lossRecords();
        assertThat(losses).as("loss records of rolled-back steps").anySatisfy(m -> {
            assertThat(m.get("rolled_back").asBoolean()).isTrue();
            assertThat(m.get("rollback_reason").asText()).isNotBlank();
        });
        assertThat(losses.getLast().get("learning_rate").asDouble()).as("learning rate after halve-lr rollbacks")
                .isLessThan(1e-6);
        List<ModelUpdate> updates = p.modelUpdates();
        assertThat(updates).isNotEmpty().allSatisfy(u -> u.weights().forEach((name, t) ->
                assertThat(allFinite(t)).as("every value of %s in version %d", name, u.version()).isTrue()));
        assertThat(updates.getLast().rowsSeen()).isEqualTo(rows);
    }

    @Test
    void aTrainerStoppedByDivergence_commitsNothingMore_soItsPartlyTrainedBatchIsNotPublished() throws Exception {
        // Diverges within the first steps and stops there; publishes only every 1000 steps, and never for idleness,
        // so when it stops the model has unpublished steps and their offsets are pending.
        Pipeline p = Pipeline.create(broker(), "stops", Map.of("training.scaler", "none", "training.loss", "sse",
                "training.learning-rate", 1e-6, "training.divergence-policy", "stop", "training.publish-every", 1000,
                "training.max-wait-ms", 0, "training.idle-publish-ms", 600_000));

        KafkaTrainer trainer = p.start("1", TrainerListener.NONE);
        p.produce(DemoRows.generate(3_200, 11, 0));
        assertThatThrownBy(() -> trainer.awaitTermination(TRAINING_TIMEOUT))
                .isInstanceOf(TrainerFailedException.class).hasRootCauseInstanceOf(DivergedException.class);
        // Closing leaves the group: the consumer revokes its partitions, which must not commit the failed state.
        trainer.close();

        long committed;
        try (Admin admin = Admin.create(p.resolvedClient())) {
            committed = admin.listConsumerGroupOffsets(p.groupId()).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).values().stream().filter(o -> o != null)
                    .mapToLong(OffsetAndMetadata::offset).sum();
        }
        List<ModelUpdate> updates = p.modelUpdates();
        assertThat(updates).as("model updates after the trainer stopped at its first divergence").isEmpty();
        assertThat(committed).as("committed offset of the rows topic").isZero();
    }

    private static void assertModelUpdates(Pipeline p, List<ModelUpdate> updates, long good) {
        assertThat(updates).isNotEmpty().allSatisfy(u -> {
            assertThat(u.modelId()).isEqualTo(MODEL);
            assertThat(u.features()).isEqualTo("[\"R&D Spend\",\"Administration\",\"Marketing Spend\"]");
            assertThat(u.target()).isEqualTo("Profit");
            assertThat(u.architecture()).isEqualTo(p.spec().architectureJson());
        });
        // One trainer, never restarted: every published version committed exactly once, in order.
        assertThat(updates).extracting(ModelUpdate::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, updates.size()).boxed().toList());
        assertThat(updates).extracting(ModelUpdate::step).isSorted();
        assertThat(updates).extracting(ModelUpdate::rowsSeen).isSorted();
        ModelUpdate last = updates.getLast();
        assertThat(last.rowsSeen()).isEqualTo(good);
        assertThat(last.lastLoss()).isFinite();
    }

    /** One loss record per step, each step exactly once, covering every good row exactly once. */
    private static void assertLossRecords(List<JsonNode> losses, ModelUpdate last, long good) {
        assertThat(losses).extracting(m -> m.get("step").asLong())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, last.step()).boxed().toList());
        assertThat(losses.stream().mapToLong(m -> m.get("batch_size").asLong()).sum()).isEqualTo(good);
        assertThat(losses.getLast().get("rows_seen").asLong()).isEqualTo(good);
        assertThat(losses).allSatisfy(m -> {
            assertThat(m.get("model_id").asText()).isEqualTo(MODEL);
            assertThat(m.get("loss").isNumber()).as("finite loss in %s", m).isTrue();
            assertThat(m.get("rolled_back").asBoolean()).isFalse();
        });
    }

    /** Each rejected record once, with its original key, value and headers, the reason and where it came from. */
    private static void assertDeadLetters(Pipeline p, List<String> lines, List<ProducerRecord<byte[], byte[]>> extraBad) {
        Map<Long, ProducerRecord<byte[], byte[]>> expected = new HashMap<>();
        for (int i = BAD_EVERY - 1; i < lines.size(); i += BAD_EVERY) {
            expected.put((long) i, new ProducerRecord<>(p.rowsTopic(), lines.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < extraBad.size(); i++) {
            expected.put((long) lines.size() + i, extraBad.get(i));
        }
        List<ConsumerRecord<byte[], byte[]>> dlq = p.records(p.deadLetterTopic());
        assertThat(dlq).extracting(r -> Long.parseLong(header(r, DeadLetterHeaders.SOURCE_OFFSET)))
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            long offset = Long.parseLong(header(r, DeadLetterHeaders.SOURCE_OFFSET));
            ProducerRecord<byte[], byte[]> original = expected.get(offset);
            assertThat(r.value()).as("original bytes").isEqualTo(original.value());
            assertThat(r.key()).as("original key").isEqualTo(original.key());
            for (Header h : original.headers()) {
                assertThat(r.headers().lastHeader(h.key()).value()).as("original header %s", h.key()).isEqualTo(h.value());
            }
            assertThat(header(r, DeadLetterHeaders.REASON)).isNotBlank();
            assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(p.rowsTopic());
            assertThat(header(r, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        }
        assertThat(dlq).anySatisfy(r -> assertThat(header(r, DeadLetterHeaders.REASON)).contains("4096"));
    }

    /** Rows no decoder accepts, with a key and headers of their own that the dead letter must keep. */
    private static List<ProducerRecord<byte[], byte[]>> malformedWithKeysAndHeaders(String topic) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        out.add(withTrace(new ProducerRecord<>(topic, bytes("row-a"), bytes("12.5,abc,3,New York,4")), "t-1"));
        byte[] huge = new byte[5_000];
        Arrays.fill(huge, (byte) '9');
        out.add(withTrace(new ProducerRecord<>(topic, bytes("row-b"), huge), "t-2"));
        out.add(withTrace(new ProducerRecord<>(topic, bytes("row-c"), null), "t-3"));
        return out;
    }

    private static ProducerRecord<byte[], byte[]> withTrace(ProducerRecord<byte[], byte[]> r, String trace) {
        r.headers().add(new RecordHeader("trace-id", bytes(trace)));
        return r;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        assertThat(h).as("header %s", name).isNotNull();
        return Pipeline.text(h.value());
    }

    private static boolean allFinite(Tensor t) {
        return Arrays.stream(t.toDoubleArray()).allMatch(Double::isFinite);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
