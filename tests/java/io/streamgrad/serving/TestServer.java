package io.streamgrad.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.config.ConfigTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link ServingStack} on free ports, as {@code streamgrad serve} runs it minus Kafka, with an HTTP client
 * to call it. Tests hand it model updates through {@link #models()}. Close it after use ({@code @AutoClose}).
 */
final class TestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServingStack stack;
    private final HttpClient http = HttpClient.newHttpClient();

    TestServer() {
        this(Map.of());
    }

    /** With config overrides, e.g. {@code serving.max-request-bytes}. */
    TestServer(Map<String, ?> overrides) {
        Map<String, Object> all = new HashMap<>(Map.of("serving.port", 0, "metrics.prometheus.port", 0));
        all.putAll(overrides);
        ConfigTree config = PublishedModels.config(all);
        stack = ServingStack.start(config);
    }

    ServingStack stack() {
        return stack;
    }

    ModelHolder models() {
        return stack.models();
    }

    URI uri(String path) {
        return stack.server().uri().resolve(path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        http.close();
        stack.close();
    }
}
