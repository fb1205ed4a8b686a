package io.streamgrad.serving;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamgrad.pipeline.Output;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page beside a trainer, as {@code streamgrad demo} starts it: on its port, or on a free one when that is taken. */
class TrainerStatusPageTest {
    @Test
    void startedAgainOnAFreePortAfterItsPortWasTaken_itsMetersFollowTheServedModel() throws Exception {
        List<Output.ModelPublication> updates = PublishedModels.publish(2);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> TrainerStatusPage.start(
                    PublishedModels.config(Map.of("serving.port", taken.getLocalPort())), registry))
                    .isInstanceOf(UncheckedIOException.class);

            try (TrainerStatusPage page = TrainerStatusPage.start(PublishedModels.config(Map.of("serving.port", 0)),
                    registry)) {
                page.listener().onCommitted(updates, 0);

                assertThat(registry.scrape()).contains(
                        "streamgrad_serving_model_version{device=\"cpu\",model=\"startups\"} 2.0");
            }
        } finally {
            registry.close();
        }
    }
}
