package io.streamgrad.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.EmbeddedKafka;
import io.streamgrad.kafka.EmbeddedKafkaExtension;
import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.kafka.SecretResolver;
import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.RowProducer;
import io.streamgrad.pipeline.Trainers;
import io.streamgrad.serving.ModelSubscriber;
import io.streamgrad.serving.ServingStack;
import io.streamgrad.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard against a real Prometheus: a trainer trains from an embedded broker with the metrics
 * of {@code streamgrad train}, a prediction service wired as {@code streamgrad serve} follows the model topic
 * and answers a few requests, Prometheus scrapes both every second, and every PromQL expression of the
 * dashboard, evaluated through Prometheus' HTTP API, returns data. Skips where the {@code prometheus} binary
 * is not installed (.ci/run installs Debian's package).
 */
class RealPrometheusTest {
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\(\\s*([^,]+?)\\s*,\\s*(\\w+)\\s*\\)$");
    private static final String PREDICT_BODY =
            "{\"rows\": [{\"R&D Spend\": 165349.2, \"Administration\": 136897.8, \"Marketing Spend\": 471784.1}]}";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    private Path dir;

    @Test
    void everyDashboardQueryReturnsDataFromARunningTrainerAndServer() throws Exception {
        Path binary = PrometheusServer.binaryOrSkip();
        EmbeddedKafka kafka = KAFKA.broker();
        ConfigTree config = ConfigTree.of(Map.of("metrics.prometheus.port", 0, "serving.port", 0));
        try (TrainerMetrics trainerMetrics = new TrainerMetrics(config);
             ServingStack serving = ServingStack.start(config);
             HttpClient http = HttpClient.newHttpClient()) {
            KafkaClientConfig client = KafkaClientConfig.of(kafka.clientProperties());
            createTopics(kafka, config);
            try (KafkaTrainer trainer = Trainers.create(config, client, trainerMetrics.listener(),
                         trainerMetrics.evaluators()).start();
                 AutoCloseable subscription = serve(config, client, serving);
                 PrometheusServer prometheus = PrometheusServer.start(binary, dir, Map.of(
                         "streamgrad-trainer", trainerMetrics.endpoint().uri(),
                         "streamgrad-serve", serving.metricsEndpoint().uri()))) {
                trainerMetrics.bindTrainer(trainer);
                // Rows for ~5 s, one in 100 malformed, so that rates and dead letters have something to show.
                CompletableFuture<Long> produced = CompletableFuture.supplyAsync(() -> RowProducer.produce(client,
                        config.string("kafka.topics.rows"), DemoRows.generate(10_000, 7, 100), 1, 2_000, n -> { }));
                URI predict = serving.server().uri().resolve("predict");
                Await.until(TIMEOUT, "a served model to answer POST /predict", () -> post(http, predict) == 200,
                        () -> "trainer stopped: " + isDone(trainer));
                Await.until(TIMEOUT, "Prometheus to scrape both targets", prometheus::targetsUp, prometheus::targets);
                Map<String, String> queries = queries(Dashboard.read());
                Await.until(TIMEOUT, "every dashboard query to return data",
                        () -> withoutData(prometheus, queries).isEmpty(),
                        () -> "no data yet for " + withoutData(prometheus, queries) + "\n" + prometheus.logTail());

                queries.forEach((where, promql) -> assertThat(prometheus.query(promql))
                        .as("%s: %s", where, promql).isNotEmpty());
                // NaN is data too: the scores must be real ones, recorded by the trainer into the gauges' evaluators.
                Await.until(TIMEOUT, "finite prequential scores", () -> Double.isFinite(value(prometheus,
                        "streamgrad_prequential_mae")), () -> prometheus.query("streamgrad_prequential_mae").toString());
                Await.until(TIMEOUT, "the trainer's Kafka client meters", () -> !prometheus.query(
                        "kafka_consumer_fetch_manager_records_consumed_total").isEmpty()
                        && !prometheus.query("kafka_producer_record_send_total").isEmpty(),
                        () -> prometheus.query("{__name__=~\"kafka_.*\"}").toString());
                Await.until(TIMEOUT, "a measured consumer lag", () -> Double.isFinite(value(prometheus,
                        "streamgrad_consumer_lag")), () -> prometheus.query("streamgrad_consumer_lag").toString());
                assertThat(produced.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(10_000);
            }
        }
    }

    private static void createTopics(EmbeddedKafka kafka, ConfigTree config) {
        kafka.createTopic(config.string("kafka.topics.rows"), 1, false);
        kafka.createTopic(config.string("kafka.topics.models"), 1, true);
        kafka.createTopic(config.string("kafka.topics.metrics"), 1, false);
        kafka.createTopic(config.string("kafka.topics.dead-letter"), 1, false);
    }

    /** What {@code streamgrad serve} does with the model topic: every update of the served model is swapped in. */
    private static AutoCloseable serve(ConfigTree config, KafkaClientConfig client, ServingStack serving) {
        ModelSubscriber subscriber = new ModelSubscriber(client, SecretResolver.fromEnvironment(),
                config.string("kafka.topics.models"));
        return subscriber.updates(serving.models().modelId()).subscribe(serving.models()::update)::dispose;
    }

    private static int post(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(PREDICT_BODY)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String isDone(KafkaTrainer trainer) {
        try {
            return String.valueOf(trainer.awaitTermination(Duration.ZERO));
        } catch (RuntimeException | InterruptedException e) {
            return "failed: " + e.getMessage();
        }
    }

    /**
     * The dashboard's expressions as Grafana sends them with every variable at its "All" value; a variable's
     * own {@code label_values(metric, label)} becomes the query that lists those values.
     */
    private static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> out = new LinkedHashMap<>();
        Dashboard.expressions(dashboard).forEach((where, expression) -> {
            Matcher labelValues = LABEL_VALUES.matcher(expression.trim());
            String promql = labelValues.matches()
                    ? "count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")" : expression;
            for (JsonNode variable : Dashboard.variables(dashboard)) {
                String all = variable.path("allValue").asText(".*");
                promql = promql.replace("${" + variable.path("name").asText() + "}", all)
                        .replace("$" + variable.path("name").asText(), all);
            }
            assertThat(promql).as("%s still holds a Grafana variable", where).doesNotContain("$");
            out.put(where, promql);
        });
        return out;
    }

    /** The value of the one series {@code promql} returns (NaN when none). */
    private static double value(PrometheusServer prometheus, String promql) {
        JsonNode result = prometheus.query(promql);
        return result.size() == 1 ? Double.parseDouble(result.get(0).path("value").get(1).asText()) : Double.NaN;
    }

    private static List<String> withoutData(PrometheusServer prometheus, Map<String, String> queries) {
        return queries.entrySet().stream().filter(q -> prometheus.query(q.getValue()).isEmpty())
                .map(q -> q.getKey() + ": " + q.getValue()).toList();
    }
}
