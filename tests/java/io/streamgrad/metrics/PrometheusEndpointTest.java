package io.streamgrad.metrics;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GET /metrics over real HTTP: every streamgrad meter is there, with values a few steps make sensible. */
class PrometheusEndpointTest {
    private static final Map<String, String> MODEL = Map.of("model", MeteredTraining.MODEL, "device", "cpu");

    @AutoClose
    private final MeteredTraining training = new MeteredTraining();
    @AutoClose
    private final PrometheusEndpoint endpoint = PrometheusEndpoint.start(training.registry, "127.0.0.1", 0);
    @AutoClose
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = endpoint.uri().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesEveryMeterWithSensibleValues() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PrometheusEndpoint.CONTENT_TYPE);
        Scrape scrape = Scrape.parse(response.body());
        int rows = 50 * MeteredTraining.STEPS + MeteredTraining.BAD_ROWS.size();
        assertThat(scrape.value("streamgrad_rows_consumed_total", MODEL)).isEqualTo(rows);
        assertThat(scrape.find("streamgrad_rows_rejected_total", MODEL)).filteredOn(s -> s.value() > 0)
                .extracting(s -> s.labels().get("reason"))
                .containsExactlyInAnyOrder("field_count", "not_a_number", "non_finite");
        assertThat(scrape.value("streamgrad_steps_total", MODEL)).isEqualTo(MeteredTraining.STEPS + 1);
        assertThat(scrape.value("streamgrad_steps_rolled_back_total", Map.of("reason", "loss_non_finite"))).isEqualTo(1);
        assertThat(scrape.value("streamgrad_loss", MODEL)).isFinite().isPositive();
        assertThat(scrape.value("streamgrad_losses_count", MODEL)).isEqualTo(MeteredTraining.STEPS);
        assertThat(scrape.value("streamgrad_batch_size_sum", MODEL)).isEqualTo(50 * MeteredTraining.STEPS + 10);
        for (String phase : new String[] {"forward", "backward", "optimizer"}) {
            assertThat(scrape.value("streamgrad_step_duration_seconds_count", Map.of("phase", phase)))
                    .isEqualTo(phase.equals("forward") ? MeteredTraining.STEPS + 1 : MeteredTraining.STEPS);
            assertThat(scrape.value("streamgrad_step_duration_seconds_sum", Map.of("phase", phase))).isPositive();
        }
        assertThat(scrape.value("streamgrad_model_version", MODEL)).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("streamgrad_weight_norm", MODEL)).isFinite().isPositive();
        assertThat(scrape.value("streamgrad_gradient_norm", MODEL)).isNaN(); // the rolled-back step was last
        assertThat(scrape.value("streamgrad_consumer_lag", MODEL)).isEqualTo(MeteredTraining.LAG);
        assertThat(scrape.value("streamgrad_publish_latency_seconds_sum", MODEL)).isEqualTo(0.003);
        assertThat(scrape.value("streamgrad_prequential_mse", MODEL)).isFinite().isPositive();
        assertThat(scrape.value("streamgrad_prequential_mae", MODEL)).isFinite().isPositive();
        assertThat(scrape.value("streamgrad_prequential_r2", MODEL)).isFinite().isLessThanOrEqualTo(1);
        assertThat(scrape.value("streamgrad_serving_requests_seconds_count",
                Map.of("route", "/predict", "status", "200"))).isEqualTo(1);
        assertThat(scrape.value("streamgrad_serving_predictions_total", MODEL)).isEqualTo(3);
        assertThat(scrape.value("streamgrad_serving_model_version", MODEL)).isEqualTo(1);
        assertThat(scrape.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "system_cpu_count", "jvm_gc_memory_allocated_bytes_total");
    }

    @Test
    void everyStreamgradSampleCarriesTheModelAndDeviceTags() throws Exception {
        Scrape scrape = Scrape.parse(get("/metrics").body());

        assertThat(scrape.samples()).filteredOn(s -> s.name().startsWith("streamgrad_")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels()).containsAllEntriesOf(MODEL));
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/x").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(endpoint.uri())
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void aTakenPortFailsNamingTheKeyToChange() {
        assertThatThrownBy(() -> PrometheusEndpoint.start(training.registry, "127.0.0.1", endpoint.port()))
                .hasMessageContaining("127.0.0.1:" + endpoint.port()).hasMessageContaining("metrics.prometheus.port");
    }
}
