package io.streamgrad.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Locale;

/**
 * The JSON side of the header. Written compact, as the reference (Rust) implementation writes it; read
 * strictly: a repeated name or anything after the object is an error, because either would make two
 * readers disagree about the file's content.
 */
final class HeaderJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private HeaderJson() {
    }

    /** UTF-8 JSON of {@code header} (maps, lists, arrays, strings and numbers) in its iteration order. */
    static byte[] write(Object header) {
        try {
            return MAPPER.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a safetensors header: " + e.getOriginalMessage(), e);
        }
    }

    /** The parsed header text; it must be one JSON object, optionally surrounded by whitespace. */
    static JsonNode read(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new SafetensorsFormatException("the header is not valid JSON: " + e.getOriginalMessage() + where
                    + "; expected a JSON object such as {\"w\": {\"dtype\": \"F32\", \"shape\": [2], "
                    + "\"data_offsets\": [0, 8]}}", e);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            String found = root == null || root.isMissingNode() ? "empty"
                    : "a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT);
            throw new SafetensorsFormatException("the header must be a JSON object mapping tensor names to "
                    + "{dtype, shape, data_offsets}, but it is " + found);
        }
        return root;
    }
}
