package io.streamgrad.serving;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.metrics.Binders;
import io.streamgrad.metrics.MeterBinding;
import io.streamgrad.metrics.MetricsConfig;
import io.streamgrad.metrics.PrometheusEndpoint;
import io.streamgrad.metrics.ServingMetrics;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.tensor.Device;

import java.util.function.Function;

import static io.streamgrad.lifecycle.Closeables.closeAfterFailure;

/**
 * Everything {@code streamgrad serve} runs except the Kafka subscription: the {@link ModelHolder} that the
 * model-topic subscriber feeds, the {@link StatusFeed} it updates on each swap, the {@link PredictionServer}
 * ({@code serving.*}) and a {@link PrometheusEndpoint} ({@code metrics.prometheus.*}) with the serving and
 * JVM meters.
 *
 * <p>{@link #close()} stops both servers; the subscriber should stop first.
 */
public final class ServingStack implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final MeterBinding jvm;
    private final ModelHolder models;
    private final StatusFeed status;
    private final PrometheusEndpoint metricsEndpoint;
    private final PredictionServer server;

    private ServingStack(PrometheusMeterRegistry registry, MeterBinding jvm, ModelHolder models, StatusFeed status,
                         PrometheusEndpoint metricsEndpoint, PredictionServer server) {
        this.registry = registry;
        this.jvm = jvm;
        this.models = models;
        this.status = status;
        this.metricsEndpoint = metricsEndpoint;
        this.server = server;
    }

    /**
     * Starts the servers {@code config} describes; no model is served until {@link #models()} gets one. When this
     * fails part way, what it had opened (the servers, the JVM binders, the registry) is closed, in reverse order,
     * before the failure propagates.
     *
     * @throws io.streamgrad.config.ConfigException when the serving, metrics or model configuration is invalid
     * @throws java.io.UncheckedIOException when an address cannot be bound, naming the key to change
     */
    public static ServingStack start(ConfigTree config) {
        return start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Binders::bindJvm);
    }

    /** As {@link #start(ConfigTree)} with this registry and JVM binder (tests watch them close). */
    static ServingStack start(ConfigTree config, PrometheusMeterRegistry registry,
                              Function<MeterRegistry, MeterBinding> jvmBinder) {
        MeterBinding jvm = null;
        PrometheusEndpoint endpoint = null;
        try {
            ServingConfig serving = ServingConfig.from(config);
            jvm = jvmBinder.apply(registry);
            ServingMetrics metrics = new ServingMetrics(registry, serving.modelId(), Device.cpu().toString());
            StatusFeed status = new StatusFeed(serving.modelId(), serving.statusHistory());
            ModelHolder models = new ModelHolder(ModelSpec.from(config), serving.modelId(), update -> {
                status.onModel(update);
                metrics.modelVersion(update.version());
            });
            endpoint = PrometheusEndpoint.start(registry, MetricsConfig.from(config));
            return new ServingStack(registry, jvm, models, status, endpoint,
                    PredictionServer.start(serving, models, status, metrics));
        } catch (RuntimeException | Error e) {
            closeAfterFailure(e, endpoint, jvm, registry::close);
            throw e;
        }
    }


    /** Where the model-topic subscriber delivers each record's value: {@code models().update(value)}. */
    public ModelHolder models() {
        return models;
    }

    /** The model's status behind {@code GET /api/status} and the page at {@code /}, updated on each swap. */
    public StatusFeed status() {
        return status;
    }

    /** The HTTP service on {@code serving.host}:{@code serving.port}: predictions, the model and the status page. */
    public PredictionServer server() {
        return server;
    }

    /** The {@code /metrics} endpoint on {@code metrics.prometheus.host}:{@code metrics.prometheus.port}. */
    public PrometheusEndpoint metricsEndpoint() {
        return metricsEndpoint;
    }

    /** The registry behind {@code /metrics}, e.g. to bind the subscriber's Kafka consumer to. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        server.close();
        metricsEndpoint.close();
        jvm.close();
        registry.close();
    }
}
