package io.streamgrad.serving;

import com.sun.net.httpserver.HttpExchange;
import io.streamgrad.metrics.HttpListener;
import io.streamgrad.metrics.ServingMetrics;
import io.streamgrad.pipeline.ModelUpdate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * The HTTP service of {@code streamgrad serve}, on the JDK's HTTP server:
 *
 * <ul>
 *   <li>{@code POST /predict} with {@code {"rows": [{"R&D Spend": 1.0, ...}, ...]}} (or one row object) →
 *       {@code {"predictions": [...], "model_version": N, "model_id": "..."}}, predictions in the target's
 *       original units, all from one model version even while a new one is being swapped in;</li>
 *   <li>{@code GET /model} → {@code model_id, version, step, rows_seen, last_loss, metadata};</li>
 *   <li>{@code GET /api/status} → the {@link StatusFeed}'s {@link StatusSnapshot}; {@code GET /} → the
 *       status page that polls it.</li>
 * </ul>
 *
 * Errors are JSON {@code {"error": ..., "expected": ...}}: 400 for a body that cannot be predicted (the
 * message names the row and feature), 404 for an unknown path, 405 for a wrong method, 413 for a body over
 * {@code serving.max-request-bytes} (refused from its Content-Length, unread), 503 before the first model.
 *
 * <p>Each request runs on its own virtual thread. {@link #close()} stops listening at once.
 */
public final class PredictionServer implements AutoCloseable {
    private final HttpListener listener;

    private PredictionServer(HttpListener listener) {
        this.listener = listener;
    }

    /**
     * Starts serving on {@code config}'s host and port (0: any free port, see {@link #port()}).
     *
     * @throws UncheckedIOException when the address cannot be bound, saying which key to change
     */
    public static PredictionServer start(ServingConfig config, ModelHolder models, StatusFeed status,
                                         ServingMetrics metrics) {
        Router router = new Router(metrics);
        Endpoints endpoints = new Endpoints(config, models, status, metrics);
        router.post("/predict", endpoints::predict)
                .get("/model", exchange -> endpoints.model())
                .get("/api/status", exchange -> Response.json(200, status.snapshot()));
        StaticResources.load().forEach((path, file) -> router.get(path, exchange -> file));
        return new PredictionServer(HttpListener.start(config.host(), config.port(), "predictions", "serving.port",
                router::handle));
    }

    /** The port it listens on (the chosen one when started with port 0). */
    public int port() {
        return listener.port();
    }

    /** The service's base URL, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return listener.uri("/");
    }

    /** Stops listening and ends in-flight requests. */
    @Override
    public void close() {
        listener.close();
    }

    /** The JSON endpoints, each reading the current model once so that a response is about one version. */
    private record Endpoints(ServingConfig config, ModelHolder models, StatusFeed status, ServingMetrics metrics) {
        Response predict(HttpExchange exchange) throws IOException {
            byte[] body = BoundedBody.read(exchange, config.maxRequestBytes());
            ServedModel model = served();
            double[][] rows = PredictRequest.parse(body, models.features());
            double[] predictions = model.predict(rows);
            metrics.recordPredictions(rows.length);
            return Response.json(200, new Predictions(predictions, model.version(), model.modelId()));
        }

        Response model() {
            ServedModel model = served();
            ModelUpdate u = model.update();
            return Response.json(200, new ModelInfo(u.modelId(), u.version(), u.step(), u.rowsSeen(), u.lastLoss(),
                    u.metadata()));
        }

        private ServedModel served() {
            return models.current().orElseThrow(() -> HttpError.of(503, "no model to serve yet: waiting for the"
                    + " first update of model '" + models.modelId() + "' on topic '" + config.modelsTopic()
                    + "'; is the trainer running and publishing? (it publishes every training.publish-every"
                    + " steps)", null));
        }
    }

    /** The body of a {@code /predict} response. */
    record Predictions(double[] predictions, long modelVersion, String modelId) {
    }

    /** The body of a {@code /model} response. */
    record ModelInfo(String modelId, long version, long step, long rowsSeen, double lastLoss,
                     Map<String, String> metadata) {
    }
}
