package io.streamgrad.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.testing.Await;
import io.streamgrad.testing.Executables;
import io.streamgrad.testing.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server for tests: the {@code prometheus} binary (Debian's package; .ci/run installs it)
 * scraping the given {@code /metrics} endpoints every second, with its storage in a directory of the test's
 * and its HTTP API on a free loopback port. {@link #close()} kills it and waits until it is gone.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private PrometheusServer(Process process, Path log, URI api) {
        this.process = process;
        this.log = log;
        this.api = api;
    }

    /** The binary on {@code PATH}, else Debian's {@code /usr/bin/prometheus}; skips the test when there is none. */
    static Path binaryOrSkip() {
        return Executables.orSkip("prometheus", "prometheus", Path.of("/usr/bin/prometheus"));
    }

    /**
     * Starts {@code binary} scraping each job's endpoint (job name → its {@code /metrics} URI) every second,
     * and waits until it answers queries.
     */
    static PrometheusServer start(Path binary, Path dir, Map<String, URI> jobs) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, config(jobs));
        Path log = dir.resolve("prometheus.log");
        int port = FreePort.next();
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port + "/"));
        try {
            Await.until(START_TIMEOUT, "Prometheus to be ready on port " + port,
                    () -> !process.isAlive() || server.ready(), server::logTail);
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + "; "
                        + server.logTail());
            }
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Scrape every second (the timeout may not exceed the interval), each job one static target. */
    private static String config(Map<String, URI> jobs) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                """);
        jobs.forEach((job, uri) -> yaml.append("  - job_name: ").append(job).append('\n')
                .append("    metrics_path: ").append(uri.getPath()).append('\n')
                .append("    static_configs:\n")
                .append("      - targets: [\"").append(uri.getHost()).append(':').append(uri.getPort()).append("\"]\n"));
        return yaml.toString();
    }

    private boolean ready() {
        try {
            return get("-/ready").statusCode() == 200;
        } catch (UncheckedIOException notYetListening) {
            return false;
        }
    }

    /** Whether every configured target was scraped successfully the last time. */
    boolean targetsUp() {
        JsonNode targets = json(get("api/v1/targets")).path("data").path("activeTargets");
        if (targets.isEmpty()) {
            return false;
        }
        for (JsonNode target : targets) {
            if (!"up".equals(target.path("health").asText())) {
                return false;
            }
        }
        return true;
    }

    /** The targets as Prometheus reports them (for failure messages). */
    String targets() {
        return get("api/v1/targets").body();
    }

    /**
     * The result of an instant query of {@code promql} at this moment ({@code /api/v1/query}): the
     * {@code data.result} array.
     *
     * @throws AssertionError when Prometheus refuses the expression, with its error
     */
    JsonNode query(String promql) {
        HttpResponse<String> response = get("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = json(response);
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + response.body());
        }
        return body.path("data").path("result");
    }

    /** The last lines Prometheus logged. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "prometheus log (last lines):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15),
                    lines.size()));
        } catch (IOException e) {
            return "no prometheus log: " + e;
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(api.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Kills the server (SIGTERM, then SIGKILL after 10 s) and waits for it to exit. */
    @Override
    public void close() {
        http.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
