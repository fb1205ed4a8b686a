package io.streamgrad.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamgrad.pipeline.StepOutcome;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the trainer's meters record, and what they never do (tag free text). */
class TrainingMetricsTest {
    @AutoClose
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TrainingMetrics metrics = new TrainingMetrics(registry, "startups", "cuda:0", 4);

    private static StepOutcome step(String modelId, long step, double loss, String rollback) {
        return new StepOutcome(modelId, step, step * 8, 8, loss, 0.05, rollback, 0.5, 2.0, 10, 10, 10);
    }

    @Test
    void rejectedRowTextNeverReachesATag() {
        metrics.rowRejected("column 'password': 'hunter2' is not a number");

        String scrape = registry.scrape();
        assertThat(scrape).doesNotContain("hunter2").doesNotContain("password")
                .contains("reason=\"not_a_number\"");
    }

    @Test
    void eachKeyedModelIsItsOwnSeries() {
        metrics.recordStep(step("startups/NY", 1, 0.5, null), 10, 10, 10);
        metrics.recordStep(step("startups/CA", 1, 0.25, null), 10, 10, 10);
        metrics.modelVersion("startups/CA", 3);

        Scrape scrape = Scrape.parse(registry.scrape());
        assertThat(scrape.value("streamgrad_loss", Map.of("model", "startups/NY", "device", "cuda:0"))).isEqualTo(0.5);
        assertThat(scrape.value("streamgrad_loss", Map.of("model", "startups/CA"))).isEqualTo(0.25);
        assertThat(scrape.value("streamgrad_model_version", Map.of("model", "startups/CA"))).isEqualTo(3);
        assertThat(scrape.value("streamgrad_model_version", Map.of("model", "startups/NY"))).isZero();
    }

    @Test
    void aRolledBackStepKeepsTheLastAppliedLossAndTimesOnlyThePhasesItRan() {
        metrics.recordStep(step("startups", 1, 0.5, null), 10, 20, 30);
        metrics.recordStep(step("startups", 2, Double.POSITIVE_INFINITY, "loss is Infinity"), 10, -1, -1);

        Scrape scrape = Scrape.parse(registry.scrape());
        assertThat(scrape.value("streamgrad_loss")).isEqualTo(0.5);
        assertThat(scrape.value("streamgrad_losses_count")).isEqualTo(1);
        assertThat(scrape.value("streamgrad_steps_total")).isEqualTo(2);
        assertThat(scrape.value("streamgrad_steps_rolled_back_total", Map.of("reason", "loss_non_finite"))).isEqualTo(1);
        assertThat(scrape.value("streamgrad_step_duration_seconds_count", Map.of("phase", "forward"))).isEqualTo(2);
        assertThat(scrape.value("streamgrad_step_duration_seconds_count", Map.of("phase", "backward"))).isEqualTo(1);
    }

    @Test
    void everyReasonClassIsExportedAtZeroBeforeItHappens() {
        metrics.recordStep(step("startups", 1, 0.5, null), 10, 10, 10);

        Scrape scrape = Scrape.parse(registry.scrape());
        assertThat(scrape.find("streamgrad_rows_rejected_total", Map.of())).extracting(s -> s.labels().get("reason"))
                .containsExactlyInAnyOrderElementsOf(ReasonClasses.rejectionClasses());
        assertThat(scrape.find("streamgrad_steps_rolled_back_total", Map.of("model", "startups")))
                .extracting(s -> s.labels().get("reason"))
                .containsExactlyInAnyOrderElementsOf(ReasonClasses.rollbackClasses());
        assertThat(scrape.find("streamgrad_steps_rolled_back_total", Map.of())).allMatch(s -> s.value() == 0);
        assertThat(ReasonClasses.rollbackClasses()).containsExactly("loss_non_finite", "gradient_non_finite",
                "weight_non_finite", "other");
    }

    @Test
    void theLagGaugeReadsTheLatestSource() {
        assertThat(Scrape.parse(registry.scrape()).value("streamgrad_consumer_lag")).isNaN();
        metrics.consumerLag(() -> 7);
        metrics.consumerLag(() -> 9);

        assertThat(Scrape.parse(registry.scrape()).value("streamgrad_consumer_lag")).isEqualTo(9);
    }

    @Test
    void prequentialGaugesShowTheModelsEvaluator() {
        metrics.evaluator("startups").record(new double[] {2, 2, 2}, new double[] {1, 2, 3});

        Scrape scrape = Scrape.parse(registry.scrape());
        assertThat(scrape.value("streamgrad_prequential_mse")).isEqualTo(2.0 / 3);
        assertThat(scrape.value("streamgrad_prequential_r2")).isZero();
        assertThat(metrics.evaluator("startups").window()).isEqualTo(4);
    }
}
