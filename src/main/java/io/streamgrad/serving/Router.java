package io.streamgrad.serving;

import com.sun.net.httpserver.HttpExchange;
import io.streamgrad.metrics.ServingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact-path routing for the JDK HTTP server, whose contexts match by prefix: an unknown path is 404, a
 * known path with another method 405 (with {@code Allow}), a refused request its {@link HttpError}, and an
 * unexpected failure 500 with the details in the log only.
 */
final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** Serves one route; throws {@link HttpError} to refuse the request. */
    @FunctionalInterface
    interface Endpoint {
        Response serve(HttpExchange exchange) throws IOException;
    }

    private final Map<String, Map<String, Endpoint>> routes = new LinkedHashMap<>();
    private final ServingMetrics metrics;

    Router(ServingMetrics metrics) {
        this.metrics = metrics;
    }

    Router get(String path, Endpoint endpoint) {
        return add("GET", path, endpoint);
    }

    Router post(String path, Endpoint endpoint) {
        return add("POST", path, endpoint);
    }

    private Router add(String method, String path, Endpoint endpoint) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, endpoint);
        return this;
    }

    void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        String route = routes.containsKey(path) ? path : ServingMetrics.UNMATCHED;
        Response response = respond(exchange, path);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } catch (IOException e) {
            LOG.debug("client went away before the response to {} {} was sent: {}", exchange.getRequestMethod(),
                    path, e.toString());
        } finally {
            metrics.recordRequest(route, response.status(), System.nanoTime() - start);
        }
    }

    private Response respond(HttpExchange exchange, String path) {
        Map<String, Endpoint> byMethod = routes.get(path);
        if (byMethod == null) {
            return HttpError.notFound(path, describeRoutes()).response();
        }
        Endpoint endpoint = byMethod.get(exchange.getRequestMethod());
        if (endpoint == null) {
            return HttpError.methodNotAllowed(exchange.getRequestMethod(), path, List.copyOf(byMethod.keySet()))
                    .response();
        }
        try {
            return endpoint.serve(exchange);
        } catch (HttpError e) {
            return e.response();
        } catch (IOException | RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), path, e);
            return HttpError.of(500, "internal error while serving " + path + " (" + e.getClass().getSimpleName()
                    + "); the server log has the details", null).response();
        }
    }

    private List<String> describeRoutes() {
        List<String> out = new ArrayList<>();
        routes.forEach((path, methods) -> methods.keySet().forEach(m -> out.add(m + " " + path)));
        return out;
    }
}
