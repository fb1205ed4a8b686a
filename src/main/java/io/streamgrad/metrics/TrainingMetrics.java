package io.streamgrad.metrics;

import io.streamgrad.pipeline.PrequentialEvaluator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.StepOutcome;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * The trainer's meters, all named {@code streamgrad.*} and tagged {@code model} and {@code device}:
 *
 * <ul>
 *   <li>per trainer (tagged with the configured model id): {@code rows.consumed}, {@code rows.rejected}
 *       (tag {@code reason}: a {@link ReasonClasses reason class}), {@code consumer.lag},
 *       {@code publish.latency};</li>
 *   <li>per model id (with {@code model.key} set, each key's model is its own series): {@code steps},
 *       {@code steps.rolled.back} (tag {@code reason}), {@code loss} (last applied), {@code losses},
 *       {@code step.duration} (tag {@code phase}: forward, backward, optimizer), {@code batch.size},
 *       {@code model.version}, {@code weight.norm}, {@code gradient.norm} and
 *       {@code prequential.mse|mae|r2}.</li>
 * </ul>
 *
 * In Prometheus they read {@code streamgrad_rows_consumed_total}, {@code streamgrad_step_duration_seconds_sum}
 * and so on (config/grafana/dashboards/streamgrad.json uses them). The counters tagged {@code reason} exist
 * for every class from the start, at 0, as Prometheus advises for a known set of label values.
 *
 * <p>Thread-safety: every method may be called from any thread; the trainer calls them from its own.
 */
public final class TrainingMetrics {
    private final MeterRegistry registry;
    private final String device;
    private final int prequentialWindow;
    private final Tags trainerTags;
    private final Counter rowsConsumed;
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Map<String, ModelMeters> models = new ConcurrentHashMap<>();
    private final Timer publishLatency;
    private final AtomicReference<DoubleSupplier> consumerLag = new AtomicReference<>(() -> Double.NaN);

    /**
     * @param modelId           the configured model id ({@code model.id}), the tag of the trainer-wide meters
     * @param device            where the models train, as {@code Device.toString()} prints it ({@code cuda:0})
     * @param prequentialWindow rows in each model's prequential window
     */
    public TrainingMetrics(MeterRegistry registry, String modelId, String device, int prequentialWindow) {
        this.registry = registry;
        this.device = device;
        this.prequentialWindow = prequentialWindow;
        trainerTags = tags(modelId);
        rowsConsumed = Counter.builder("streamgrad.rows.consumed")
                .description("Records read from the rows topic, rejected ones included").tags(trainerTags)
                .register(registry);
        publishLatency = Timer.builder("streamgrad.publish.latency")
                .description("Time to publish model updates and commit the consumed offsets in one transaction")
                .tags(trainerTags).register(registry);
        // Every class from the start, at 0: a dashboard's rate() then reads 0 instead of "no data".
        ReasonClasses.rejectionClasses().forEach(this::rejectionCounter);
        Gauge.builder("streamgrad.consumer.lag", consumerLag, lag -> lag.get().getAsDouble())
                .description("Records on the rows topic not yet consumed, over all assigned partitions")
                .tags(trainerTags).strongReference(true).register(registry);
    }

    /** The meters of a trainer of {@code spec}, configured by the {@code metrics:} section. */
    public static TrainingMetrics forSpec(MeterRegistry registry, ModelSpec spec, MetricsConfig config) {
        return new TrainingMetrics(registry, spec.modelId(), spec.device().toString(), config.prequentialWindow());
    }

    private Tags tags(String modelId) {
        return Tags.of("model", modelId, "device", device);
    }

    /** Counts {@code records} read from the rows topic (good and bad). */
    public void rowsConsumed(long records) {
        rowsConsumed.increment(records);
    }

    /** Counts one dead-lettered row under the class of its reason (the text itself never becomes a tag). */
    public void rowRejected(String reason) {
        rejectionCounter(ReasonClasses.ofRejection(reason)).increment();
    }

    private Counter rejectionCounter(String reasonClass) {
        return rejections.computeIfAbsent(reasonClass, r -> Counter.builder("streamgrad.rows.rejected")
                .description("Records sent to the dead-letter topic").tags(trainerTags).tag("reason", r)
                .register(registry));
    }

    /**
     * Records one training step of {@code outcome.modelId()}: the step and batch size, a rollback (by reason
     * class) or the loss, the norms, and how long each phase took. A negative duration means the step did
     * not reach that phase (a rollback after forward) and records nothing.
     */
    public void recordStep(StepOutcome outcome, long forwardNanos, long backwardNanos, long optimizerNanos) {
        model(outcome.modelId()).recordStep(outcome, forwardNanos, backwardNanos, optimizerNanos);
    }

    /** Times one committed transaction: model updates, dead letters, loss records and offsets together. */
    public void recordCommit(long latencyNanos) {
        publishLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    /** Sets the version gauge of {@code modelId}: just published, or restored from the model topic. */
    public void modelVersion(String modelId, long version) {
        model(modelId).version(version);
    }

    /** Where the lag gauge reads from, replacing the previous source (NaN until the first one is given). */
    public void consumerLag(DoubleSupplier lag) {
        consumerLag.set(lag);
    }

    /**
     * The prequential evaluator of {@code modelId}, whose scores the {@code streamgrad.prequential.*} gauges
     * show: record each batch's predictions (under the model before the step) and targets into it.
     */
    public PrequentialEvaluator evaluator(String modelId) {
        return model(modelId).evaluator();
    }

    private ModelMeters model(String modelId) {
        return models.computeIfAbsent(modelId, id -> new ModelMeters(registry, tags(id), prequentialWindow));
    }
}
