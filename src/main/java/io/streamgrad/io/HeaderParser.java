package io.streamgrad.io;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a parsed header object into {@link TensorEntry}s and the metadata map, checking each entry on its
 * own: field types, a dtype we know, and (in {@link TensorEntry}) a byte span of dtype size × element count.
 * How the entries fit together in the data buffer is {@link SafetensorsReader}'s check.
 */
final class HeaderParser {
    static final String METADATA_KEY = "__metadata__";

    private final List<TensorEntry> entries = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    HeaderParser(JsonNode header) {
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(field.getValue());
            } else {
                entries.add(readEntry(field.getKey(), field.getValue()));
            }
        }
    }

    List<TensorEntry> entries() {
        return entries;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    private void readMetadata(JsonNode node) {
        if (node.isNull()) {
            return; // the reference reads an Option<HashMap<String, String>>: null is no metadata
        }
        if (!node.isObject()) {
            throw new SafetensorsFormatException("\"" + METADATA_KEY + "\" must be an object of string values (or"
                    + " null), but it is " + describe(node));
        }
        for (Map.Entry<String, JsonNode> item : node.properties()) {
            if (!item.getValue().isTextual()) {
                throw new SafetensorsFormatException("\"" + METADATA_KEY + "\" value of key '" + item.getKey()
                        + "' is " + describe(item.getValue()) + "; metadata values must be strings (write numbers "
                        + "as text, e.g. \"42\")");
            }
            metadata.put(item.getKey(), item.getValue().textValue());
        }
    }

    private static TensorEntry readEntry(String name, JsonNode node) {
        if (!node.isObject()) {
            throw new SafetensorsFormatException("header entry '" + name + "' must be an object with dtype, shape"
                    + " and data_offsets, but it is " + describe(node));
        }
        JsonNode dtypeNode = field(name, node, "dtype");
        if (!dtypeNode.isTextual()) {
            throw new SafetensorsFormatException("tensor '" + name + "': \"dtype\" must be a string such as "
                    + "\"F32\", but it is " + describe(dtypeNode));
        }
        StoredDType dtype = StoredDType.parse(dtypeNode.textValue(), name);
        int[] shape = shape(name, field(name, node, "shape"));
        long[] offsets = offsets(name, field(name, node, "data_offsets"));
        return new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static JsonNode field(String name, JsonNode entry, String key) {
        JsonNode value = entry.get(key);
        if (value == null) {
            throw new SafetensorsFormatException("tensor '" + name + "' has no \"" + key + "\"; each tensor entry "
                    + "needs dtype, shape and data_offsets");
        }
        return value;
    }

    private static int[] shape(String name, JsonNode node) {
        boolean ok = node.isArray();
        for (JsonNode d : node) {
            ok &= d.isIntegralNumber() && d.canConvertToInt() && d.intValue() >= 0;
        }
        if (!ok) {
            throw new SafetensorsFormatException("tensor '" + name + "': \"shape\" must be a list of non-negative "
                    + "integers (at most " + Integer.MAX_VALUE + " each), but it is " + node);
        }
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = node.get(i).intValue();
        }
        return shape;
    }

    private static long[] offsets(String name, JsonNode node) {
        boolean ok = node.isArray() && node.size() == 2;
        for (JsonNode o : node) {
            ok &= o.isIntegralNumber() && o.canConvertToLong() && o.longValue() >= 0;
        }
        if (!ok || node.get(0).longValue() > node.get(1).longValue()) {
            throw new SafetensorsFormatException("tensor '" + name + "': \"data_offsets\" must be [begin, end] with"
                    + " 0 <= begin <= end, but it is " + node);
        }
        return new long[] {node.get(0).longValue(), node.get(1).longValue()};
    }

    private static String describe(JsonNode node) {
        return node + " (a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ")";
    }
}
