package io.streamgrad.metrics;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server on one address, with every exchange on its own virtual thread: the listener under
 * the Prometheus endpoint and the prediction service. {@link #close()} stops listening at once and ends
 * the exchanges in flight.
 */
public final class HttpListener implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private HttpListener(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on {@code host:port} (port 0: any free one) and hands every request to {@code handler}.
     *
     * @param purpose what the listener serves, for the error message ("Prometheus scrapes")
     * @param portKey the config key of the port, named in the error message
     * @throws UncheckedIOException when the address cannot be bound, saying which key to change
     */
    public static HttpListener start(String host, int port, String purpose, String portKey, HttpHandler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for " + purpose + " on " + host + ":" + port + " ("
                    + e.getMessage() + "); free the port or set " + portKey + " to another one (0: any free port)", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        return new HttpListener(server, executor);
    }

    /** The port it listens on (the chosen one when started with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of {@code path} on this listener, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public URI uri(String path) {
        InetSocketAddress address = server.getAddress();
        try {
            return new URI("http", null, address.getHostString(), address.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL path: " + path, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
