package io.streamgrad.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamgrad.config.ConfigException;
import io.streamgrad.config.ConfigTree;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A trainer's meters that fail to start part way close what they had opened and report the original failure. */
class TrainerMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ClosingJvmBinder jvmBinder = new ClosingJvmBinder();

    @Test
    void aBadModelSpecClosesTheJvmBindersAndTheRegistry() {
        ConfigTree config = ConfigTree.of(Map.of("model.architecture", "transformer", "metrics.prometheus.port", 0));

        assertThatThrownBy(() -> new TrainerMetrics(config, registry, jvmBinder)).isInstanceOf(ConfigException.class)
                .hasMessage("config key 'model.architecture' must be one of linear, mlp, got 'transformer'");
        assertThat(jvmBinder.closed()).as("JVM binders closed").isTrue();
        assertThat(registry.isClosed()).as("registry closed").isTrue();
    }

    @Test
    void aBusyMetricsPortClosesTheJvmBindersAndTheRegistry() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ConfigTree config = ConfigTree.of(Map.of("metrics.prometheus.port", busy.getLocalPort()));

            assertThatThrownBy(() -> new TrainerMetrics(config, registry, jvmBinder))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("metrics.prometheus.port");
        }
        assertThat(jvmBinder.closed()).as("JVM binders closed").isTrue();
        assertThat(registry.isClosed()).as("registry closed").isTrue();
    }

    @Test
    void aFailureToCloseIsSuppressedUnderTheOriginalFailure() {
        ConfigTree config = ConfigTree.of(Map.of("model.architecture", "transformer", "metrics.prometheus.port", 0));
        IllegalStateException closing = new IllegalStateException("binder would not close");

        assertThatThrownBy(() -> new TrainerMetrics(config, registry, r -> () -> {
            throw closing;
        })).isInstanceOf(ConfigException.class).hasSuppressedException(closing);
        assertThat(registry.isClosed()).as("registry closed despite the binder").isTrue();
    }
}
