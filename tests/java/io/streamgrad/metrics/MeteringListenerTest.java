package io.streamgrad.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.pipeline.BatchResult;
import io.streamgrad.pipeline.CsvRowDecoder;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.ModelStore;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.SourceRecord;
import io.streamgrad.pipeline.TrainerCore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A real trainer core's batches and commits, as the trainer reports them, become meters. */
class MeteringListenerTest {
    @AutoClose
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void batchesAndCommitsBecomeMeters() {
        ConfigTree config = ConfigTree.of(Map.of("training.learning-rate", 0.1));
        ModelSpec spec = ModelSpec.from(config);
        TrainerCore core = new TrainerCore(spec, new CsvRowDecoder(config.strings("input.columns"), spec.features(),
                spec.target(), "", 4096), 2, ModelStore.empty());
        MeteringListener listener = new MeteringListener(TrainingMetrics.forSpec(registry, spec,
                MetricsConfig.from(config)));
        long received = 0;
        for (int b = 0; b < 4; b++) {
            List<SourceRecord> batch = batch(b * 3L, "1,2,3,NY,10", "oops", "2,3,4,CA,20");
            received += batch.size();
            BatchResult result = core.process(batch);
            listener.onBatch(result, received);
            if (result.publishDue()) {
                listener.onCommitted(publications(result), 2_000_000);
            }
        }

        Scrape scrape = Scrape.parse(registry.scrape());
        assertThat(scrape.value("streamgrad_rows_consumed_total")).isEqualTo(12);
        assertThat(scrape.value("streamgrad_rows_rejected_total", Map.of("reason", "field_count"))).isEqualTo(4);
        assertThat(scrape.value("streamgrad_steps_total")).isEqualTo(4);
        assertThat(scrape.value("streamgrad_batch_size_sum")).isEqualTo(8);
        assertThat(scrape.value("streamgrad_model_version")).isEqualTo(2);
        assertThat(scrape.value("streamgrad_publish_latency_seconds_count")).isEqualTo(2);
        for (String phase : List.of("forward", "backward", "optimizer")) {
            assertThat(scrape.value("streamgrad_step_duration_seconds_count", Map.of("phase", phase))).isEqualTo(4);
            assertThat(scrape.value("streamgrad_step_duration_seconds_sum", Map.of("phase", phase))).isPositive();
        }
    }

    private static List<SourceRecord> batch(long firstOffset, String... lines) {
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            out.add(new SourceRecord("rows", 0, firstOffset + i, null, lines[i].getBytes(StandardCharsets.UTF_8),
                    List.of()));
        }
        return out;
    }

    private static List<Output.ModelPublication> publications(BatchResult result) {
        return result.outputs().stream().filter(o -> o instanceof Output.ModelPublication)
                .map(o -> (Output.ModelPublication) o).toList();
    }
}
