package io.streamgrad.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the registry's meters in Prometheus' text format, served by the JDK's HTTP server.
 * Any other path is 404, any other method 405.
 *
 * <p>It listens on 127.0.0.1 by default ({@code metrics.prometheus.host}): metrics describe the training
 * data, so exposing them beyond the host is a decision (docker-compose.yml makes it for the containers).
 * Each scrape runs on its own virtual thread. {@link #close()} stops listening at once.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    /** The content type of Prometheus' text exposition format 0.0.4, which every Prometheus accepts. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PATH = "/metrics";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpListener listener;

    private PrometheusEndpoint(HttpListener listener) {
        this.listener = listener;
    }

    /** Starts serving on {@code config}'s host and port. */
    public static PrometheusEndpoint start(PrometheusMeterRegistry registry, MetricsConfig config) {
        return start(registry, config.host(), config.port());
    }

    /**
     * Starts serving on {@code host:port}; port 0 picks a free port, see {@link #port()}.
     *
     * @throws UncheckedIOException when the address cannot be bound, saying which key to change
     */
    public static PrometheusEndpoint start(PrometheusMeterRegistry registry, String host, int port) {
        return new PrometheusEndpoint(HttpListener.start(host, port, "Prometheus scrapes", "metrics.prometheus.port",
                exchange -> handle(registry, exchange)));
    }

    private static void handle(PrometheusMeterRegistry registry, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                send(exchange, 404, TEXT, "Not found: only GET " + PATH + " is served here.\n");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, TEXT, PATH + " supports GET only.\n");
            } else {
                send(exchange, 200, CONTENT_TYPE, registry.scrape());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The port it listens on (the chosen one when started with port 0). */
    public int port() {
        return listener.port();
    }

    /** The URL Prometheus scrapes. */
    public URI uri() {
        return listener.uri(PATH);
    }

    /** Stops listening and ends in-flight scrapes. */
    @Override
    public void close() {
        listener.close();
    }
}
