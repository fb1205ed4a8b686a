package io.streamgrad.metrics;

import io.streamgrad.pipeline.PrequentialEvaluator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.streamgrad.pipeline.StepOutcome;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one model id: steps, rollbacks, loss, step timings, batch size, version, norms and the
 * prequential scores. Written by the trainer thread, read by scrapes: gauge values are volatile fields.
 */
final class ModelMeters {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter steps;
    private final Map<String, Counter> rollbacks = new ConcurrentHashMap<>();
    private final DistributionSummary losses;
    private final DistributionSummary batchSizes;
    private final Timer forward;
    private final Timer backward;
    private final Timer optimizer;
    private final PrequentialEvaluator evaluator;
    private volatile double lastLoss = Double.NaN;
    private volatile double version;
    private volatile double weightNorm = Double.NaN;
    private volatile double gradientNorm = Double.NaN;

    ModelMeters(MeterRegistry registry, Tags tags, int prequentialWindow) {
        this.registry = registry;
        this.tags = tags;
        steps = Counter.builder("streamgrad.steps").description("Training steps taken, rolled back ones included")
                .tags(tags).register(registry);
        losses = DistributionSummary.builder("streamgrad.losses")
                .description("Losses of applied steps (scaled units when a scaler is used)").tags(tags)
                .register(registry);
        batchSizes = DistributionSummary.builder("streamgrad.batch.size").description("Rows per training step")
                .tags(tags).register(registry);
        ReasonClasses.rollbackClasses().forEach(this::rollbackCounter);
        forward = phaseTimer("forward");
        backward = phaseTimer("backward");
        optimizer = phaseTimer("optimizer");
        gauge("streamgrad.loss", "Loss of the last applied step", m -> m.lastLoss);
        gauge("streamgrad.model.version", "Version of the last published model", m -> m.version);
        gauge("streamgrad.weight.norm", "L2 norm of all parameters after the last step", m -> m.weightNorm);
        gauge("streamgrad.gradient.norm", "L2 norm of all gradients of the last step", m -> m.gradientNorm);
        evaluator = new PrequentialEvaluator(prequentialWindow);
        gauge("streamgrad.prequential.mse", "Test-then-train mean squared error over the window, target units",
                m -> m.evaluator.scores().mse());
        gauge("streamgrad.prequential.mae", "Test-then-train mean absolute error over the window, target units",
                m -> m.evaluator.scores().mae());
        gauge("streamgrad.prequential.r2", "Test-then-train coefficient of determination over the window",
                m -> m.evaluator.scores().r2());
    }

    private Counter rollbackCounter(String reasonClass) {
        return rollbacks.computeIfAbsent(reasonClass, r -> Counter.builder("streamgrad.steps.rolled.back")
                .description("Steps undone because the loss, a gradient or a weight was not finite")
                .tags(tags).tag("reason", r).register(registry));
    }

    private Timer phaseTimer(String phase) {
        return Timer.builder("streamgrad.step.duration").description("Time of one phase of a training step")
                .tags(tags).tag("phase", phase).register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<ModelMeters> value) {
        Gauge.builder(name, this, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    void recordStep(StepOutcome outcome, long forwardNanos, long backwardNanos, long optimizerNanos) {
        steps.increment();
        batchSizes.record(outcome.batchSize());
        time(forward, forwardNanos);
        time(backward, backwardNanos);
        time(optimizer, optimizerNanos);
        if (outcome.rolledBack()) {
            rollbackCounter(ReasonClasses.ofRollback(outcome.rollbackReason())).increment();
        } else if (Double.isFinite(outcome.loss())) {
            lastLoss = outcome.loss();
            losses.record(outcome.loss());
        }
        weightNorm = outcome.weightNorm();
        gradientNorm = outcome.gradientNorm();
    }

    /** A negative duration is a phase the step did not reach (a rollback after forward): nothing to time. */
    private static void time(Timer timer, long nanos) {
        if (nanos >= 0) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void version(long version) {
        this.version = version;
    }

    PrequentialEvaluator evaluator() {
        return evaluator;
    }
}
