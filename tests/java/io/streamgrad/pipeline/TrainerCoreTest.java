package io.streamgrad.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Batches in, dead letters, loss records and periodic model publications out; test-then-train scores. */
class TrainerCoreTest {
    private static final List<String> COLUMNS = List.of("x1", "x2", "key", "y");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ModelSpec spec() {
        return spec(Map.of());
    }

    private static ModelSpec spec(Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>(Map.of("input.features", List.of("x1", "x2"), "input.target", "y",
                "model.id", "m", "training.learning-rate", 0.1));
        all.putAll(overrides);
        return ModelSpec.from(ConfigTree.of(all));
    }

    private static List<SourceRecord> batch(long firstOffset, String... lines) {
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            out.add(new SourceRecord("rows", 0, firstOffset + i, null, lines[i].getBytes(StandardCharsets.UTF_8),
                    List.of()));
        }
        return out;
    }

    private static TrainerCore core(String keyColumn, int publishEvery, ModelStore store) {
        return new TrainerCore(spec(), decoder(keyColumn), publishEvery, store);
    }

    private static CsvRowDecoder decoder(String keyColumn) {
        return new CsvRowDecoder(COLUMNS, List.of("x1", "x2"), "y", keyColumn, 1024);
    }

    /** The loss record of {@code result}'s only step, parsed. */
    private static JsonNode lossRecord(BatchResult result) {
        String json = result.outputs().stream().filter(o -> o instanceof Output.Metric)
                .map(o -> ((Output.Metric) o).json()).findFirst().orElseThrow();
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void badRowsAreDeadLetteredAndGoodOnesTrainedInOneStep() {
        BatchResult r = core("", 10, ModelStore.empty()).process(batch(7, "1,2,a,3", "oops", "2,3,a,5"));

        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.outputs()).filteredOn(o -> o instanceof Output.DeadLetter).singleElement()
                .satisfies(o -> assertThat(((Output.DeadLetter) o).source().offset()).isEqualTo(8));
        assertThat(r.steps()).singleElement().satisfies(s -> assertThat(s.batchSize()).isEqualTo(2));
        assertThat(r.nextOffsets()).containsEntry(new TopicPartitionKey("rows", 0), 10L);
        assertThat(r.publishDue()).isFalse();
    }

    @Test
    void everyNthBatchPublishesWithAGrowingVersion() {
        TrainerCore core = core("", 2, ModelStore.empty());
        List<Long> versions = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            BatchResult r = core.process(batch(b * 2L, "1,2,a,3", "2,1,a,4"));
            r.outputs().stream().filter(o -> o instanceof Output.ModelPublication)
                    .forEach(o -> versions.add(((Output.ModelPublication) o).version()));
            assertThat(r.publishDue()).isEqualTo(b % 2 == 1);
        }

        assertThat(versions).containsExactly(1L, 2L, 3L);
    }

    @Test
    void eachKeyTrainsItsOwnModel() {
        BatchResult r = core("key", 1, ModelStore.empty()).process(batch(0, "1,2,NY,3", "2,1,CA,4", "1,1,NY,2"));

        assertThat(r.steps()).extracting(StepOutcome::modelId).containsExactly("m/NY", "m/CA");
        assertThat(r.outputs()).filteredOn(o -> o instanceof Output.ModelPublication)
                .extracting(o -> ((Output.ModelPublication) o).modelId()).containsExactly("m/NY", "m/CA");
    }

    @Test
    void aModelRestoredFromTheStoreContinuesWhereThePublishedStateEnded() {
        Map<String, byte[]> topic = new HashMap<>();
        TrainerCore first = core("", 1, ModelStore.empty());
        for (Output o : first.process(batch(0, "1,2,a,3", "2,1,a,4")).outputs()) {
            if (o instanceof Output.ModelPublication p) {
                topic.put(p.modelId(), p.state());
            }
        }
        TrainerCore restarted = core("", 1, id -> Optional.ofNullable(topic.get(id)));
        BatchResult r = restarted.process(batch(2, "3,1,a,5"));

        assertThat(r.steps().get(0).step()).isEqualTo(2);
        assertThat(r.steps().get(0).rowsSeen()).isEqualTo(3);
        assertThat(r.outputs()).filteredOn(o -> o instanceof Output.ModelPublication)
                .singleElement().satisfies(o -> assertThat(((Output.ModelPublication) o).version()).isEqualTo(2));
    }

    @Test
    void lossRecordsAreJsonWithTheStepsCounters() {
        BatchResult r = core("", 10, ModelStore.empty()).process(batch(0, "1,2,a,3", "2,1,a,4"));

        assertThat(r.outputs()).filteredOn(o -> o instanceof Output.Metric).singleElement()
                .satisfies(o -> assertThat(((Output.Metric) o).json())
                        .contains("\"model_id\":\"m\"", "\"step\":1", "\"rows_seen\":2", "\"rolled_back\":false"));
    }

    @Test
    void theBatchIsScoredByTheModelAsItWasBeforeTrainingOnIt() {
        // SGD on one row (1, 2) -> 3 with lr = 1 / (2 * (|x|^2 + 1)) = 1/12 moves the prediction exactly onto
        // the target: after the step the model is perfect on this row, so a score taken after training is 0.
        ModelSpec spec = spec(Map.of("training.scaler", "none", "training.learning-rate", 1.0 / 12));
        Tensor.manualSeed("m".hashCode());   // how the core seeds a new model, to know its first prediction
        double before = TrainingState.fresh(spec, "m").predict(new double[][] {{1, 2}})[0];
        TrainerCore core = new TrainerCore(spec, decoder(""), 10, ModelStore.empty());

        JsonNode record = lossRecord(core.process(batch(0, "1,2,a,3")));

        double after = core.states().iterator().next().predict(new double[][] {{1, 2}})[0];
        assertThat(after).isCloseTo(3, within(1e-4));
        assertThat(record.get("prequential_rows").asInt()).isEqualTo(1);
        assertThat(record.get("prequential_mse").asDouble()).isCloseTo((before - 3) * (before - 3), within(1e-9))
                .isGreaterThan(0.1);
        assertThat(record.get("prequential_mae").asDouble()).isCloseTo(Math.abs(before - 3), within(1e-9));
        assertThat(record.get("prequential_r2").asDouble()).isZero();   // one row: SST = 0 and not perfect
    }

    @Test
    void aScaledModelIsScoredFromItsSecondBatchOnInTheTargetsUnits() {
        TrainerCore core = core("", 10, ModelStore.empty());

        JsonNode first = lossRecord(core.process(batch(0, "1,2,a,30", "2,1,a,40")));
        JsonNode second = lossRecord(core.process(batch(2, "1,1,a,20", "2,2,a,50")));

        assertThat(first.get("prequential_rows").asInt()).isZero();
        assertThat(first.get("prequential_mse").asText()).isEqualTo("nan");   // JSON has no NaN
        assertThat(second.get("prequential_rows").asInt()).isEqualTo(2);
        // A model that learned 30..40 from one scaled step is off by tens, not by fractions of a unit.
        assertThat(second.get("prequential_mae").asDouble()).isGreaterThan(1);
    }

    @Test
    void eachModelRecordsIntoItsInjectedEvaluator() {
        Map<String, PrequentialEvaluator> given = new HashMap<>();
        TrainerCore core = new TrainerCore(spec(Map.of("training.scaler", "none")), decoder("key"), 10,
                ModelStore.empty(), id -> given.computeIfAbsent(id, k -> new PrequentialEvaluator(100)));

        core.process(batch(0, "1,2,NY,3", "2,1,CA,4", "1,1,NY,2"));
        core.process(batch(3, "1,2,NY,3"));

        assertThat(given).containsOnlyKeys("m/NY", "m/CA");
        assertThat(given.get("m/NY").scores().rows()).isEqualTo(3);
        assertThat(given.get("m/CA").scores().rows()).isEqualTo(1);
    }

    @Test
    void aBatchCutAcrossBlocksTrainsExactlyAsTheSameRecordsInOneBlock() {
        List<SourceRecord> records = new ArrayList<>(batch(0, "1,2,NY,3", "oops", "2,1,CA,4", "1,1,NY,2"));
        records.addAll(batch(4, "3,1,CA,5", "2,2,NY,1"));
        TrainerCore whole = core("key", 1, ModelStore.empty());
        TrainerCore cut = core("key", 1, ModelStore.empty());
        RecordBlock first = RecordBlock.decode(decoder("key"), records.subList(0, 4));
        RecordBlock second = RecordBlock.decode(decoder("key"), records.subList(4, 6));

        BatchResult expected = whole.process(records);
        BatchResult actual = cut.processBlocks(List.of(new BlockSlice(first, 0, 1), new BlockSlice(first, 1, 4),
                second.all()));

        assertThat(actual.nextOffsets()).isEqualTo(expected.nextOffsets()).containsEntry(new TopicPartitionKey("rows", 0), 6L);
        assertThat(actual.rejected()).isEqualTo(1);
        assertThat(actual.steps()).extracting(StepOutcome::modelId, StepOutcome::batchSize, StepOutcome::loss)
                .containsExactlyElementsOf(expected.steps().stream()
                        .map(o -> org.assertj.core.groups.Tuple.tuple(o.modelId(), o.batchSize(), o.loss())).toList());
        assertThat(actual.outputs()).hasSameSizeAs(expected.outputs());
        Output.DeadLetter dead = (Output.DeadLetter) actual.outputs().get(0);
        assertThat(dead.source().offset()).isEqualTo(1);
        assertThat(new String(dead.source().value(), StandardCharsets.UTF_8)).isEqualTo("oops");
    }

    @Test
    void offsetsCoverEveryPartitionOfABatchInFirstSeenOrder() {
        List<SourceRecord> records = List.of(
                new SourceRecord("rows", 1, 40, null, "1,2,a,3".getBytes(StandardCharsets.UTF_8), List.of()),
                new SourceRecord("rows", 1, 41, null, "bad".getBytes(StandardCharsets.UTF_8), List.of()),
                new SourceRecord("rows", 0, 7, null, "2,1,a,4".getBytes(StandardCharsets.UTF_8), List.of()));

        BatchResult r = core("", 10, ModelStore.empty()).process(records);

        assertThat(r.nextOffsets()).containsExactly(Map.entry(new TopicPartitionKey("rows", 1), 42L),
                Map.entry(new TopicPartitionKey("rows", 0), 8L));
    }
}
