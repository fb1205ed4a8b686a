package io.streamgrad.serving;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamgrad.config.ConfigException;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.metrics.ClosingJvmBinder;
import io.streamgrad.pipeline.Output;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * `streamgrad serve` minus Kafka: a model update reaches predictions, the status feed and /metrics; a start that
 * fails part way closes what it had opened.
 */
class ServingStackTest {
    @AutoClose
    private final TestServer server = new TestServer();
    @AutoClose
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUpdateIsServedAndShowsInTheMetrics() throws IOException, InterruptedException {
        List<Output.ModelPublication> updates = PublishedModels.publish(2);
        updates.forEach(u -> server.models().update(u.state()));
        server.post("/predict", "{\"R&D Spend\": 1, \"Administration\": 2, \"Marketing Spend\": 3}");

        String scrape = http.send(HttpRequest.newBuilder(server.stack().metricsEndpoint().uri()).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertThat(scrape).contains("streamgrad_serving_model_version{device=\"cpu\",model=\"startups\"} 2.0",
                "streamgrad_serving_predictions_total{device=\"cpu\",model=\"startups\"} 1.0",
                "jvm_memory_used_bytes");
        assertThat(server.stack().status().snapshot().version()).isEqualTo(2);
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ClosingJvmBinder jvmBinder = new ClosingJvmBinder();

    private static InetAddress localhost() throws IOException {
        return InetAddress.getByName("127.0.0.1");
    }

    @Test
    void aBadModelSpecClosesTheJvmBindersAndTheRegistry() {
        ConfigTree config = PublishedModels.config(Map.of("model.architecture", "transformer", "serving.port", 0,
                "metrics.prometheus.port", 0));

        assertThatThrownBy(() -> ServingStack.start(config, registry, jvmBinder)).isInstanceOf(ConfigException.class)
                .hasMessage("config key 'model.architecture' must be one of linear, mlp, got 'transformer'");
        assertThat(jvmBinder.closed()).as("JVM binders closed").isTrue();
        assertThat(registry.isClosed()).as("registry closed").isTrue();
    }

    @Test
    void aBusyServingPortFreesTheMetricsPortAndClosesTheRegistry() throws IOException {
        int metricsPort;
        try (ServerSocket probe = new ServerSocket(0, 1, localhost())) {
            metricsPort = probe.getLocalPort();
        }
        try (ServerSocket busy = new ServerSocket(0, 1, localhost())) {
            ConfigTree config = PublishedModels.config(Map.of("serving.port", busy.getLocalPort(),
                    "metrics.prometheus.port", metricsPort));

            assertThatThrownBy(() -> ServingStack.start(config, registry, jvmBinder))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("serving.port");
        }
        try (ServerSocket again = new ServerSocket(metricsPort, 1, localhost())) {
            assertThat(again.getLocalPort()).as("metrics port free again").isEqualTo(metricsPort);
        }
        assertThat(jvmBinder.closed()).as("JVM binders closed").isTrue();
        assertThat(registry.isClosed()).as("registry closed").isTrue();
    }
}
