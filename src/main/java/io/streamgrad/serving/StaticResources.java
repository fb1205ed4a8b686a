package io.streamgrad.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page's files, read once from the classpath ({@code src/main/resources/static/}). Only the
 * files listed here are served, so no request path can reach another classpath resource.
 */
final class StaticResources {
    private static final String ROOT = "/static/";
    /** File name to content type; {@code index.html} is also served at {@code /}. */
    private static final List<Map.Entry<String, String>> FILES = List.of(
            Map.entry("index.html", "text/html; charset=utf-8"),
            Map.entry("app.js", "text/javascript; charset=utf-8"),
            Map.entry("style.css", "text/css; charset=utf-8"));

    private StaticResources() {
    }

    /** Each served path with its response. */
    static Map<String, Response> load() {
        Map<String, Response> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : FILES) {
            Response response = new Response(200, file.getValue(), read(file.getKey()),
                    Map.of("Cache-Control", "no-cache"));
            if (file.getKey().equals("index.html")) {
                out.put("/", response);
            }
            out.put("/" + file.getKey(), response);
        }
        return out;
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticResources.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the status page file " + ROOT + name + " is missing from the"
                        + " classpath; rebuild the jar (it comes from src/main/resources/static/)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
