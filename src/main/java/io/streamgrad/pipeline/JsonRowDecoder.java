package io.streamgrad.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/** One JSON object per record, fields by name: {@code {"R&D Spend": 165349.2, ..., "Profit": 192261.83}}. */
public final class JsonRowDecoder extends RowDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonRowDecoder(List<String> features, String target, String keyColumn, int maxRowBytes) {
        super(features, target, keyColumn, maxRowBytes);
    }

    @Override
    protected Fields parse(String text) throws RowException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RowException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new RowException("expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return column -> {
            JsonNode v = node.get(column);
            return v == null || v.isNull() ? null : v.asText();
        };
    }
}
