package io.streamgrad.serving;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /predict}: {@code {"rows": [{"feature": number, ...}, ...]}}, or one row object
 * on its own. Features are matched by name, extra fields (such as the target) are ignored, and each
 * refusal is a 400 naming the row and the field, with an example of a valid body.
 */
final class PredictRequest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final int ECHO_LIMIT = 60;

    private PredictRequest() {
    }

    /** The rows of {@code body} as feature vectors in the order of {@code features}. */
    static double[][] parse(byte[] body, List<String> features) {
        JsonNode root = readJson(body, features);
        JsonNode rows = root.has("rows") ? root.get("rows") : null;
        if (rows == null) {
            return new double[][] {row(root, 0, features)};
        }
        if (!rows.isArray()) {
            throw refuse("'rows' must be an array of row objects, got " + kind(rows), features);
        }
        if (rows.isEmpty()) {
            throw refuse("'rows' is empty; send at least one row", features);
        }
        double[][] x = new double[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = row(rows.get(i), i, features);
        }
        return x;
    }

    private static JsonNode readJson(byte[] body, List<String> features) {
        if (body.length == 0) {
            throw refuse("the request body is empty", features);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // A read-limit refusal (StreamConstraintsException: nesting, number or string length) has no location.
            JsonLocation at = e.getLocation();
            throw refuse("the request body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), features);
        } catch (IOException e) {
            throw refuse("the request body cannot be read as JSON: " + e.getMessage(), features);
        }
        if (!root.isObject()) {
            throw refuse("expected a JSON object, got " + kind(root), features);
        }
        return root;
    }

    private static double[] row(JsonNode row, int index, List<String> features) {
        if (!row.isObject()) {
            throw refuse("row " + index + " is " + kind(row) + ", not an object of features", features);
        }
        double[] x = new double[features.size()];
        for (int j = 0; j < x.length; j++) {
            String name = features.get(j);
            JsonNode value = row.get(name);
            if (value == null || value.isNull()) {
                throw refuse("row " + index + " is missing feature '" + name + "'; every row needs "
                        + String.join(", ", features), features);
            }
            if (!value.isNumber()) {
                throw refuse("row " + index + ", feature '" + name + "': " + abbreviate(value.toString())
                        + " is not a number; give it as a JSON number, without quotes", features);
            }
            x[j] = value.doubleValue();
            if (!Double.isFinite(x[j])) {
                throw refuse("row " + index + ", feature '" + name + "' is too large in magnitude for a double;"
                        + " features must be finite numbers", features);
            }
        }
        return x;
    }

    /** Echoes enough of a bad value to recognise it, not a megabyte of it. */
    private static String abbreviate(String text) {
        return text.length() <= ECHO_LIMIT ? text : text.substring(0, ECHO_LIMIT) + "...";
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "null";
        };
    }

    private static HttpError refuse(String message, List<String> features) {
        return HttpError.badRequest(message, example(features));
    }

    /** A valid body for the configured features, sent back with every refusal. */
    static Map<String, Object> example(List<String> features) {
        Map<String, Object> row = new LinkedHashMap<>();
        features.forEach(f -> row.put(f, 0.0));
        return Map.of("rows", List.of(row));
    }
}
