package io.streamgrad.pipeline;

import io.streamgrad.config.ConfigTree;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Batches in, dead letters, loss records and periodic model publications out. */
class TrainerCoreTest {
    private static final List<String> COLUMNS = List.of("x1", "x2", "key", "y");

    private static ModelSpec spec() {
        return ModelSpec.from(ConfigTree.of(Map.of("input.features", List.of("x1", "x2"), "input.target", "y",
                "model.id", "m", "training.learning-rate", 0.1)));
    }

    private static List<SourceRecord> batch(long firstOffset, String... lines) {
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            out.add(new SourceRecord("rows", 0, firstOffset + i, null, lines[i].getBytes(StandardCharsets.UTF_8),
                    Map.of()));
        }
        return out;
    }

    private static TrainerCore core(String keyColumn, int publishEvery, ModelStore store) {
        return new TrainerCore(spec(), new CsvRowDecoder(COLUMNS, List.of("x1", "x2"), "y", keyColumn, 1024),
                publishEvery, store);
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
}
