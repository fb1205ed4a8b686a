package io.streamgrad.pipeline.it;

import io.streamgrad.testing.Await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.pipeline.BatchResult;
import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.ModelUpdate;
import io.streamgrad.pipeline.StepOutcome;
import io.streamgrad.pipeline.TrainerListener;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out is Kafka's: one model per State, two trainer instances in one consumer group share the rows topic's
 * two partitions; when one leaves, the other restores the leaver's models from the model topic and carries on.
 * Rows keep coming throughout, and in the end every model has seen each of its rows exactly once: no row lost
 * in a handover, none trained by both instances.
 *
 * <p>As with Kafka Streams, a key's rows must all go to one partition: the producer partitions by State
 * (New York and Florida to partition 0, California to 1; the default partitioner would hash all three to 0).
 */
@Timeout(180)
class ScaleOutTest {
    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    private static final List<String> STATES = List.of("New York", "California", "Florida");
    private static final int ROWS = 24_000;
    private static final double RATE = 3_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void twoInstancesSplitThePartitions_andTheSurvivorContinuesTheLeaversModels_trainingEachRowOnce() throws Exception {
        Pipeline p = Pipeline.create(KAFKA, "scale-out", Map.of("model.key", "State", "kafka.partitions", 2,
                // Members notice a rebalance at their next heartbeat: keep handovers quick.
                "kafka.client", Map.of("heartbeat.interval.ms", "300")));
        List<String> lines = DemoRows.generate(ROWS, 13, 0);
        Function<String, ProducerRecord<byte[], byte[]>> byState = line -> {
            String state = state(line);
            return new ProducerRecord<>(p.rowsTopic(), STATES.indexOf(state) % 2, PacedProducer.bytes(state),
                    PacedProducer.bytes(line));
        };
        Steps stepsA = new Steps();
        Steps stepsB = new Steps();

        KafkaTrainer a = p.start("a", stepsA);
        CompletableFuture<Long> producing = PacedProducer.start(p.resolvedClient(), lines, RATE, byState);
        Await.until(WAIT, "instance a trains", () -> stepsA.rows.get() > 0, stepsA::toString);
        KafkaTrainer b = p.start("b", stepsB);
        Await.until(WAIT, "the instances split the partitions and both train",
                () -> assignment(a).size() == 1 && assignment(b).size() == 1 && stepsB.rows.get() > 0,
                () -> "a " + assignment(a) + ", b " + assignment(b));
        Set<TopicPartition> ofA = assignment(a);
        Set<TopicPartition> ofB = assignment(b);
        Await.sleep(Duration.ofSeconds(1));
        b.close();
        Await.until(WAIT, "instance a takes over b's partition", () -> assignment(a).size() == 2, () -> assignment(a));
        assertThat(producing.get(60, TimeUnit.SECONDS)).isEqualTo(ROWS);
        Map<String, Long> rowsPerModel = rowsPerModel(lines);
        Await.until(WAIT, "every model has seen all its rows", () -> {
            Pipeline.assertRunning(a);
            Map<String, Long> seen = latestRowsSeen(p);
            seen.forEach((model, rows) -> assertThat(rows).as("rows seen by %s: more than it has, some trained twice",
                    model).isLessThanOrEqualTo(rowsPerModel.get(model)));
            return seen.equals(rowsPerModel);
        }, () -> latestRowsSeen(p));
        a.close();

        assertThat(ofA).doesNotContainAnyElementsOf(ofB);
        Set<String> trainedByB = stepsB.models.keySet();
        assertThat(trainedByB).as("models b trained before it left").isNotEmpty();
        assertThat(stepsA.models.keySet()).as("models a trained").containsAll(trainedByB);
        assertModelHistories(p.modelUpdates(), rowsPerModel);
        assertLossRecords(p.lossRecords(), rowsPerModel);
        for (String model : trainedByB) {
            assertThat(latestRowsSeen(p).get(model)).as("%s continued by a after b left", model)
                    .isGreaterThan(stepsB.models.get(model));
        }
    }

    /** Per model, in the topic's order: versions strictly increasing, rows seen never decreasing, all rows in the end. */
    private static void assertModelHistories(List<ModelUpdate> updates, Map<String, Long> rowsPerModel) {
        Map<String, List<ModelUpdate>> byModel = updates.stream()
                .collect(Collectors.groupingBy(ModelUpdate::modelId, LinkedHashMap::new, Collectors.toList()));
        assertThat(byModel.keySet()).containsExactlyInAnyOrderElementsOf(rowsPerModel.keySet());
        byModel.forEach((model, history) -> {
            assertThat(history).extracting(ModelUpdate::version).as("versions of %s", model)
                    .isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
            assertThat(history).extracting(ModelUpdate::rowsSeen).as("rows seen by %s", model).isSorted();
            assertThat(history.getLast().rowsSeen()).as("rows seen by %s", model).isEqualTo(rowsPerModel.get(model));
        });
    }

    /** Per model: one loss record per step 1..n, none committed twice, their batches covering its rows once. */
    private static void assertLossRecords(List<JsonNode> losses, Map<String, Long> rowsPerModel) {
        Map<String, List<JsonNode>> byModel = losses.stream()
                .collect(Collectors.groupingBy(m -> m.get("model_id").asText(), LinkedHashMap::new, Collectors.toList()));
        rowsPerModel.forEach((model, rows) -> {
            List<JsonNode> records = byModel.getOrDefault(model, List.of());
            assertThat(records).extracting(m -> m.get("step").asLong()).as("steps of %s", model)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, records.size()).boxed().toList());
            assertThat(records.stream().mapToLong(m -> m.get("batch_size").asLong()).sum())
                    .as("rows in the steps of %s", model).isEqualTo(rows);
        });
    }

    private static Map<String, Long> latestRowsSeen(Pipeline p) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (ModelUpdate u : p.modelUpdates()) {
            rows.put(u.modelId(), u.rowsSeen());
        }
        return rows;
    }

    private static Map<String, Long> rowsPerModel(List<String> lines) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String line : lines) {
            rows.merge(modelId(state(line)), 1L, Long::sum);
        }
        return rows;
    }

    private static String modelId(String state) {
        return "startups/" + state;
    }

    /** The State column of a DemoRows line: R&D Spend, Administration, Marketing Spend, State, Profit. */
    private static String state(String line) {
        return line.split(",")[3];
    }

    private static Set<TopicPartition> assignment(KafkaTrainer trainer) {
        return new HashSet<>(trainer.receiver().status().assignment());
    }

    /** Counts what an instance trained: rows, and the rows seen by each model after its last step here. */
    private static final class Steps implements TrainerListener {
        final AtomicLong rows = new AtomicLong();
        final Map<String, Long> models = new ConcurrentHashMap<>();

        @Override
        public void onBatch(BatchResult result, long receivedRows) {
            rows.set(receivedRows);
            for (StepOutcome s : result.steps()) {
                models.put(s.modelId(), s.rowsSeen());
            }
        }

        @Override
        public String toString() {
            return rows + " rows, models " + models;
        }
    }
}
