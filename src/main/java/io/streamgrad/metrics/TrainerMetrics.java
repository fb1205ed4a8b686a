package io.streamgrad.metrics;

import io.streamgrad.pipeline.PrequentialEvaluator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.TrainerListener;

import java.util.function.Function;

import static io.streamgrad.lifecycle.Closeables.closeAfterFailure;

/**
 * A trainer's meters as {@code streamgrad train} and {@code demo} run them: a Prometheus registry with the
 * {@link TrainingMetrics} and the JVM binders, served by a {@link PrometheusEndpoint} on
 * {@code metrics.prometheus.*}. Give the trainer both {@link #listener()} and {@link #evaluators()}
 * ({@code Trainers.create(config, client, metrics.listener(), metrics.evaluators())}): the listener counts
 * rows, steps and commits, and the evaluators receive the prequential scores that the gauges show.
 *
 * <p>The endpoint serves from construction until {@link #close()}.
 */
public final class TrainerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final MeterBinding jvm;
    private final TrainingMetrics training;
    private final TrainerListener listener;
    private final PrometheusEndpoint endpoint;
    private final String modelId;
    private final java.util.List<MeterBinding> kafkaBindings = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Registers the meters of the trainer {@code config} describes and starts serving them. When this fails part
     * way, what it had opened (the JVM binders, the registry) is closed before the failure propagates.
     *
     * @throws io.streamgrad.config.ConfigException when the metrics or model configuration is invalid
     * @throws java.io.UncheckedIOException when the metrics address cannot be bound, naming the key to change
     */
    public TrainerMetrics(ConfigTree config) {
        this(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Binders::bindJvm);
    }

    /** As {@link #TrainerMetrics(ConfigTree)} with this registry and JVM binder (tests watch them close). */
    TrainerMetrics(ConfigTree config, PrometheusMeterRegistry registry, Function<MeterRegistry, MeterBinding> jvmBinder) {
        this.registry = registry;
        MeterBinding jvmBinding = null;
        try {
            MetricsConfig metricsConfig = MetricsConfig.from(config);
            modelId = config.string("model.id");
            jvmBinding = jvmBinder.apply(registry);
            training = TrainingMetrics.forSpec(registry, ModelSpec.from(config), metricsConfig);
            listener = new MeteringListener(training);
            endpoint = PrometheusEndpoint.start(registry, metricsConfig);
        } catch (RuntimeException | Error e) {
            closeAfterFailure(e, jvmBinding, registry::close);
            throw e;
        }
        this.jvm = jvmBinding;
    }


    /** The trainer's listener that records rows, steps, dead letters and commits. */
    public TrainerListener listener() {
        return listener;
    }

    /** The evaluator of each model id whose scores the {@code streamgrad_prequential_*} gauges show. */
    public Function<String, PrequentialEvaluator> evaluators() {
        return training::evaluator;
    }

    /**
     * Binds a started trainer's Kafka consumer and producer meters ({@code kafka_consumer_*},
     * {@code kafka_producer_*}, Micrometer's KafkaClientMetrics) and its consumer lag to the gauges. The
     * bindings end with {@link #close()}.
     */
    public void bindTrainer(KafkaTrainer trainer) {
        consumerLag(trainer::consumerLag);
        Iterable<io.micrometer.core.instrument.Tag> tags = io.micrometer.core.instrument.Tags.of("model", modelId);
        kafkaBindings.add(trainer.receiver().withConsumer(c -> Binders.bindKafka(c, registry, tags))
                .block(java.time.Duration.ofSeconds(30)));
        kafkaBindings.add(trainer.sender().withProducer(p -> Binders.bindKafka(p, registry, tags))
                .block(java.time.Duration.ofSeconds(30)));
    }

    /** Feeds the consumer-lag gauge, read at each scrape (e.g. {@code trainer::consumerLag}). */
    public void consumerLag(java.util.function.DoubleSupplier lag) {
        training.consumerLag(lag);
    }

    /** The registry behind {@code /metrics}, for other meters of this process (a status page's). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The endpoint serving {@code /metrics}; its {@link PrometheusEndpoint#port()} is the bound port. */
    public PrometheusEndpoint endpoint() {
        return endpoint;
    }

    /** Stops serving and releases the meters. */
    @Override
    public void close() {
        kafkaBindings.forEach(MeterBinding::close);
        endpoint.close();
        jvm.close();
        registry.close();
    }
}
