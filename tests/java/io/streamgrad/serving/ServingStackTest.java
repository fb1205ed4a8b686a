package io.streamgrad.serving;

import io.streamgrad.pipeline.Output;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `streamgrad serve` minus Kafka: a model update reaches predictions, the status feed and /metrics. */
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
}
