package io.streamgrad.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.data.Dataset;
import io.streamgrad.data.Datasets;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.TrainingStateCodec;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /predict, GET /model and every refusal, over real HTTP. */
class PredictionServerTest {
    private static final int LIMIT = 1024;
    private static final List<Output.ModelPublication> UPDATES = PublishedModels.publish(2);
    private static final String ROW_0 = "{\"R&D Spend\": 165349.2, \"Administration\": 136897.8, \"Marketing Spend\": 471784.1}";

    @AutoClose
    private final TestServer server = new TestServer(Map.of("serving.max-request-bytes", LIMIT));

    private void publish(int index) {
        assertThat(server.models().update(UPDATES.get(index).state())).isTrue();
    }

    @Test
    void beforeTheFirstModelPredictionsAre503AndSayWhatIsAwaited() {
        HttpResponse<String> response = server.post("/predict", ROW_0);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(TestServer.json(response).get("error").asText())
                .contains("no model to serve yet", "'startups'", "'streamgrad.models'");
        assertThat(server.get("/model").statusCode()).isEqualTo(503);
    }

    @Test
    void predictionsAreTheModelsInTheTargetsOriginalUnits() {
        publish(1);
        Dataset data = Datasets.startups();
        double[][] rows = Arrays.copyOf(data.features(), 3);
        double[] expected = TrainingStateCodec.decode(UPDATES.get(1).state(), PublishedModels.spec()).predict(rows);

        HttpResponse<String> response = server.post("/predict", "{\"rows\": [" + ROW_0 + ", "
                + row(rows[1]) + ", " + row(rows[2]) + "]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = TestServer.json(response);
        assertThat(body.get("model_version").asLong()).isEqualTo(2);
        assertThat(body.get("model_id").asText()).isEqualTo("startups");
        double[] predictions = new double[3];
        for (int i = 0; i < 3; i++) {
            predictions[i] = body.get("predictions").get(i).asDouble();
        }
        assertThat(predictions).containsExactly(expected);
        // Profits are in the hundreds of thousands, not in the scaler's [0, 1].
        assertThat(predictions[0]).isGreaterThan(1000);
    }

    private static String row(double[] x) {
        return "{\"R&D Spend\": " + x[0] + ", \"Administration\": " + x[1] + ", \"Marketing Spend\": " + x[2] + "}";
    }

    @Test
    void aSingleRowObjectWithExtraFieldsIsOneRow() {
        publish(0);

        HttpResponse<String> response = server.post("/predict",
                "{\"R&D Spend\": 1, \"Administration\": 2, \"Marketing Spend\": 3, \"State\": \"Ohio\", \"Profit\": 4}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(response).get("predictions")).hasSize(1);
    }

    @Test
    void modelDescribesTheServedVersion() {
        publish(0);

        JsonNode body = TestServer.json(server.get("/model"));

        assertThat(body.get("model_id").asText()).isEqualTo("startups");
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("step").asLong()).isEqualTo(1);
        assertThat(body.get("rows_seen").asLong()).isEqualTo(50);
        assertThat(body.get("last_loss").asDouble()).isPositive();
        assertThat(body.get("metadata").get("features").asText())
                .isEqualTo("[\"R&D Spend\",\"Administration\",\"Marketing Spend\"]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"rows": [`                                              | the request body is not valid JSON
            `{"rows": []} trailing`                                   | the request body is not valid JSON
            ``                                                        | the request body is empty
            `[1, 2]`                                                  | expected a JSON object, got an array
            `{"rows": {}}`                                            | 'rows' must be an array of row objects, got an object
            `{"rows": []}`                                            | 'rows' is empty; send at least one row
            `{"rows": [7]}`                                           | row 0 is a number, not an object of features
            `{"R&D Spend": 1, "Marketing Spend": 3}`                  | row 0 is missing feature 'Administration'; every row needs R&D Spend, Administration, Marketing Spend
            `{"R&D Spend": 1, "Administration": null, "Marketing Spend": 3}` | row 0 is missing feature 'Administration'
            `{"R&D Spend": 1, "Administration": "2", "Marketing Spend": 3}`  | row 0, feature 'Administration': "2" is not a number; give it as a JSON number, without quotes
            `{"R&D Spend": 1, "Administration": 1e999, "Marketing Spend": 3}`| row 0, feature 'Administration' is too large in magnitude for a double; features must be finite numbers
            """)
    void badBodiesAre400SayingWhatWasWrongAndWhatIsExpected(String body, String message) {
        publish(0);

        HttpResponse<String> response = server.post("/predict", body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = TestServer.json(response);
        assertThat(error.get("error").asText()).contains(message);
        assertThat(error.get("expected").get("rows").get(0).fieldNames()).toIterable()
                .containsExactly("R&D Spend", "Administration", "Marketing Spend");
    }

    @Test
    void aBodyBeyondJacksonsReadLimitsIs400NotAnInternalError() {
        publish(0);
        // Jackson refuses these with a StreamConstraintsException, which carries no location.
        String deep = "[".repeat(1001);
        String longNumber = "{\"R&D Spend\": " + "1".repeat(1001) + "}";

        for (String body : List.of(deep, longNumber)) {
            HttpResponse<String> response = server.post("/predict", body);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(TestServer.json(response).get("error").asText())
                    .startsWith("the request body is not valid JSON: ").contains("exceeds the maximum allowed");
        }
    }

    @Test
    void anUnknownPathIs404ListingTheRoutes() {
        HttpResponse<String> response = server.get("/predictions");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(response).get("error").asText())
                .contains("no such path '/predictions'", "POST /predict", "GET /model");
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        HttpResponse<String> get = server.get("/predict");
        HttpResponse<String> post = server.post("/model", "{}");

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(TestServer.json(get).get("error").asText()).isEqualTo("GET is not supported on /predict; use POST");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        HttpResponse<String> response = server.post("/predict", "{\"rows\": [" + " ".repeat(2 * LIMIT) + "]}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(TestServer.json(response).get("error").asText())
                .contains("exceeds " + LIMIT + " bytes (serving.max-request-bytes)");
    }

    @Test
    void theLargestConfigurableLimitStillServesPredictions() {
        try (TestServer unlimited = new TestServer(Map.of("serving.max-request-bytes", Integer.MAX_VALUE))) {
            assertThat(unlimited.models().update(UPDATES.get(0).state())).isTrue();

            HttpResponse<String> response = unlimited.post("/predict", ROW_0);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(TestServer.json(response).get("predictions")).hasSize(1);
        }
    }

    @Test
    void aDeclaredOversizeBodyIsRefusedBeforeItIsSent() throws IOException {
        // Only the headers go out: a 413 proves the server decided from Content-Length, reading nothing.
        String head = "POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (10 << 20) + "\r\n\r\n";

        assertThat(rawStatusLine(server.uri("/"), head, new byte[0])).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void aChunkedBodyIsCutOffOnceItPassesTheLimit() throws IOException {
        String head = "POST /predict HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < 4; i++) {   // 4 KiB sent, and no last chunk: the server must not wait for the end
            chunks.append(Integer.toHexString(LIMIT)).append("\r\n").append(" ".repeat(LIMIT)).append("\r\n");
        }

        assertThat(rawStatusLine(server.uri("/"), head, chunks.toString().getBytes(StandardCharsets.US_ASCII)))
                .startsWith("HTTP/1.1 413 ");
    }

    private static String rawStatusLine(URI base, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void requestsAreMeteredByRouteNeverByRawPath() {
        server.get("/wp-admin/secret-probe");
        server.post("/predict", ROW_0);

        // A request is timed until its response is written, so its meter may land just after the client has read it.
        io.streamgrad.testing.Await.until(java.time.Duration.ofSeconds(5), "both requests metered",
                () -> server.stack().registry().scrape().contains("route=\"/predict\",status=\"503\"")
                        && server.stack().registry().scrape().contains("route=\"unmatched\",status=\"404\""),
                () -> "not yet metered");
        String scrape = server.stack().registry().scrape();
        assertThat(scrape).contains("route=\"unmatched\",status=\"404\"", "route=\"/predict\",status=\"503\"")
                .doesNotContain("secret-probe");
    }

    @Test
    void otherMethodsOnTheStatusApiAre405() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/api/status"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(405);
    }
}
