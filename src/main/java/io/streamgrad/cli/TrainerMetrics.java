package io.streamgrad.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.metrics.Binders;
import io.streamgrad.metrics.MeterBinding;
import io.streamgrad.metrics.MeteringListener;
import io.streamgrad.metrics.MetricsConfig;
import io.streamgrad.metrics.PrometheusEndpoint;
import io.streamgrad.metrics.TrainingMetrics;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.TrainerListener;

/** A trainer's Micrometer meters, JVM binders and Prometheus endpoint, as {@code train} and {@code demo} run them. */
final class TrainerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MeterBinding jvm;
    private final PrometheusEndpoint endpoint;
    private final TrainerListener listener;

    TrainerMetrics(ConfigTree config) {
        MetricsConfig metricsConfig = MetricsConfig.from(config);
        jvm = Binders.bindJvm(registry);
        endpoint = PrometheusEndpoint.start(registry, metricsConfig);
        listener = new MeteringListener(TrainingMetrics.forSpec(registry, ModelSpec.from(config), metricsConfig));
    }

    TrainerListener listener() {
        return listener;
    }

    PrometheusEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        endpoint.close();
        jvm.close();
        registry.close();
    }
}
