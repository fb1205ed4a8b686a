package io.streamgrad.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Grafana dashboard (config/grafana/dashboards/streamgrad.json) as the tests read it. */
final class Dashboard {
    static final Path FILE = Path.of("config/grafana/dashboards/streamgrad.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Dashboard() {
    }

    static JsonNode read() {
        try {
            return JSON.readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each PromQL expression of the dashboard (panel targets and variable queries), by where it is. */
    static Map<String, String> expressions(JsonNode dashboard) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                out.put(panel.path("title").asText() + " / " + target.path("refId").asText(), target.path("expr").asText());
            }
        }
        for (JsonNode variable : variables(dashboard)) {
            JsonNode query = variable.path("query");
            out.put("variable $" + variable.path("name").asText(), query.isObject() ? query.path("query").asText()
                    : query.asText());
        }
        return out;
    }

    /** Panels, including those nested in collapsed rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            panel.path("panels").forEach(out::add);
        }
        return out;
    }

    /** The template variables ({@code $model}). */
    static List<JsonNode> variables(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(out::add);
        return out;
    }
}
