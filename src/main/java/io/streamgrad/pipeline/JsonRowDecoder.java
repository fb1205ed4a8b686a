package io.streamgrad.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;

/**
 * One JSON object per record, fields by name: {@code {"R&D Spend": 165349.2, ..., "Profit": 192261.83}}.
 * A number may also be given as a string ({@code "165349.2"}), read with {@link Double#parseDouble}'s grammar.
 */
public final class JsonRowDecoder extends RowDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A decoder of rows with these feature and target fields.
     *
     * @param keyColumn   the field holding the model key, {@code "record-key"} for the Kafka record key, or
     *                    empty (or null) for a single model
     * @param maxRowBytes records with longer values are rejected unparsed
     */
    public JsonRowDecoder(List<String> features, String target, String keyColumn, int maxRowBytes) {
        super(features, target, keyColumn, maxRowBytes);
    }

    @Override
    Fields parse(byte[] value) throws RowException {
        JsonNode node;
        try (JsonParser parser = JSON.createParser(value)) {
            node = JSON.readTree(parser);
            // readTree stops after the first value: a second object in the record would be dropped unseen.
            if (node != null && parser.nextToken() != null) {
                throw new RowException("not JSON: more after the object, at byte "
                        + parser.currentTokenLocation().getByteOffset() + "; expected one JSON object per record");
            }
        } catch (JsonProcessingException e) {
            throw new RowException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RowException("not JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw new RowException("expected a JSON object, got "
                    + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType()));
        }
        return new Fields() {
            @Override
            public double number(int j, boolean feature, String column) throws RowException {
                JsonNode v = node.get(column);
                if (v != null && v.isContainerNode()) {
                    // asText() of an object or array is "": the reason would quote nothing.
                    throw notANumber(column, v.toString());
                }
                return parseNumber(text(column), column);
            }

            @Override
            public String text(String column) {
                JsonNode v = node.get(column);
                return v == null || v.isNull() ? null : v.asText();
            }
        };
    }
}
