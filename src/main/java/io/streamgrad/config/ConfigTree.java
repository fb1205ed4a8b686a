package io.streamgrad.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamgrad.kafka.KafkaClientConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The configuration as a YAML tree: the bundled defaults, overlaid by a user file, overlaid by
 * environment variables ({@code STREAMGRAD_} + the key path upper-cased with {@code .} and {@code -} as
 * {@code _}). Typed accessors fail with the key's path and what was expected.
 */
public final class ConfigTree {
    /** config/streamgrad.yaml, copied onto the classpath by the build: the documented defaults. */
    private static final String DEFAULTS = "/streamgrad.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

    private final ObjectNode root;

    private ConfigTree(ObjectNode root) {
        this.root = root;
    }

    /** The bundled defaults overlaid by {@code file} (may be null) and by {@code env}. */
    public static ConfigTree load(Path file, Map<String, String> env) {
        ObjectNode tree = defaults();
        if (file != null) {
            JsonNode user;
            try (InputStream in = Files.newInputStream(file)) {
                user = YAML.readTree(in);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            if (user instanceof ObjectNode overrides) {
                merge(tree, overrides);
            } else if (user != null && !user.isMissingNode() && !user.isNull()) {
                // An empty or comments-only file (missing) or a bare "---" (null) overrides nothing.
                throw new ConfigException("config file " + file + " must hold a mapping of keys (such as 'kafka:' or"
                        + " 'training:'), got " + describe(user));
            }
        }
        applyEnvironment(tree, "STREAMGRAD", env);
        return new ConfigTree(tree);
    }

    /** The bundled defaults and {@code overrides} given as dotted keys, for tests and programmatic use. */
    public static ConfigTree of(Map<String, ?> overrides) {
        ObjectNode tree = defaults();
        overrides.forEach((key, value) -> set(tree, key, YAML.valueToTree(value)));
        return new ConfigTree(tree);
    }

    /** The kind of a YAML document, never its content: a file given by mistake may be a secret. */
    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case STRING -> "a single text value";
            default -> "a single " + node.getNodeType().toString().toLowerCase(Locale.ROOT) + " value";
        };
    }

    private static ObjectNode defaults() {
        try (InputStream in = ConfigTree.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        from.properties().forEach(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source
                    && !e.getKey().equals("client")) {
                merge(target, source);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    /**
     * Overrides every leaf whose environment variable is set: a text key takes the value as written, others read
     * it as YAML (a number, a boolean); lists take comma-separated values.
     */
    private static void applyEnvironment(ObjectNode node, String prefix, Map<String, String> env) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix + "_" + e.getKey().toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
            if (e.getValue() instanceof ObjectNode child) {
                applyEnvironment(child, name, env);
            } else if (env.containsKey(name)) {
                node.set(e.getKey(), parseValue(e.getValue(), env.get(name)));
            }
        }
    }

    private static JsonNode parseValue(JsonNode like, String raw) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (like.isArray()) {
            ArrayNode array = f.arrayNode();
            boolean numbers = like.size() > 0 && like.get(0).isNumber();
            for (String part : raw.split(",")) {
                if (!part.isBlank()) {
                    array.add(numbers ? listNumber(part.trim()) : f.textNode(part.trim()));
                }
            }
            return array;
        }
        if (like.isTextual()) {
            // As written: read as YAML, an instance id "007" became 7 and a group id "no" became false.
            return f.textNode(raw);
        }
        try {
            return YAML.readTree(raw.isEmpty() ? "\"\"" : raw);
        } catch (IOException e) {
            return f.textNode(raw);
        }
    }

    /** A list element of a numeric list; text when it is no number, so the typed accessor names the key. */
    private static JsonNode listNumber(String text) {
        try {
            return JsonNodeFactory.instance.numberNode(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    private static void set(ObjectNode tree, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }

    /** A copy with {@code path} set to {@code value}. */
    public ConfigTree with(String path, Object value) {
        ObjectNode copy = root.deepCopy();
        set(copy, path, YAML.valueToTree(value));
        return new ConfigTree(copy);
    }

    private JsonNode node(String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        if (node == null || node.isMissingNode()) {
            throw new ConfigException("missing config key '" + path + "' (see config/streamgrad.yaml)");
        }
        return node;
    }

    /**
     * The value at the dotted {@code path} as text; {@code ""} for a null (empty) value.
     *
     * @throws ConfigException if the key is missing
     */
    public String string(String path) {
        JsonNode n = node(path);
        return n.isNull() ? "" : n.asText();
    }

    /**
     * The value at {@code path} as an {@code int}: a YAML number, or a string of decimal digits (as environment
     * overrides may give), that is a whole number ({@code 2.0} is 2) within the {@code int} range.
     *
     * @throws ConfigException if the key is missing, or its value is not a number, has a fractional part or lies
     *     outside the {@code int} range
     */
    public int integer(String path) {
        JsonNode n = node(path);
        return toInt(n.asText(), "config key '" + path + "'");
    }

    /**
     * {@code text} as an exact {@code int}; {@code subject} names the key (and element) in the exception. Parsing
     * goes through {@link BigDecimal}, so {@code 2.5} is refused rather than truncated, and {@code 1e10} rather
     * than overflowing.
     */
    private static int toInt(String text, String subject) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(subject + " must be an integer, got '" + text + "'");
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            throw new ConfigException(subject + " must be an integer, got '" + text + "' (a fractional number)");
        }
        if (value.compareTo(INT_MIN) < 0 || value.compareTo(INT_MAX) > 0) {
            throw new ConfigException(subject + " must be an integer in the int range [" + Integer.MIN_VALUE + ", "
                    + Integer.MAX_VALUE + "], got '" + text + "'");
        }
        return value.intValue();
    }

    /**
     * The value at {@code path} as a {@code double}: a YAML number or a string {@link Double#parseDouble} accepts.
     *
     * @throws ConfigException if the key is missing or its value is not a number
     */
    public double number(String path) {
        JsonNode n = node(path);
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException e) {
            throw new ConfigException("config key '" + path + "' must be a number, got '" + n.asText() + "'");
        }
    }

    /**
     * The value at {@code path} as a list of strings: a YAML list's elements as text, or a scalar split at commas
     * and trimmed; empty for a blank or null (empty) scalar, as {@link #string} gives {@code ""} for one. The list
     * is a fresh, modifiable copy.
     *
     * @throws ConfigException if the key is missing
     */
    public List<String> strings(String path) {
        JsonNode n = node(path);
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else if (!n.isNull() && !n.asText().isBlank()) {
            for (String part : n.asText().split(",")) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /**
     * The value at {@code path} as {@link #strings}, each element an exact {@code int} as {@link #integer} reads
     * one ({@code 8.0} is 8: comma-separated environment overrides of a numeric list arrive as doubles); empty for
     * a null (empty) value.
     *
     * @throws ConfigException if the key is missing, or an element is not a whole number within the {@code int}
     *     range (the message names the key, the element's index and its value)
     */
    public int[] integers(String path) {
        List<String> parts = strings(path);
        int[] out = new int[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInt(parts.get(i), "config key '" + path + "' element " + i);
        }
        return out;
    }

    /**
     * A choice among {@code allowed} values, compared case-insensitively ({@link Locale#ROOT}); returns the
     * allowed value as given in {@code allowed}, whatever the case of the configured value.
     *
     * @throws ConfigException if the key is missing or its value is none of {@code allowed}
     */
    public String choice(String path, String... allowed) {
        String value = string(path);
        for (String a : allowed) {
            if (a.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new ConfigException("config key '" + path + "' must be one of " + String.join(", ", allowed)
                + ", got '" + value + "'");
    }

    /** A map of string values (e.g. {@code kafka.client}), empty when absent. */
    public Map<String, String> stringMap(String path) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        JsonNode n;
        try {
            n = node(path);
        } catch (ConfigException e) {
            return out;
        }
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /**
     * The tree as JSON, safe to log: the values of Kafka client properties that look sensitive by the rule Kafka
     * client configs are logged with ({@link KafkaClientConfig#isSensitive}: password, secret, jaas, key, token,
     * credential, user.info) are {@value KafkaClientConfig#REDACTED} — every such key under {@code kafka.client},
     * and a dotted one (a Kafka property name such as {@code sasl.jaas.config}) anywhere else, where a mis-indented
     * secret lands. streamgrad's own keys ({@code model.key}) are shown. To write the tree for another process to
     * read, use {@link #toJson()}.
     */
    @Override
    public String toString() {
        ObjectNode shown = root.deepCopy();
        redact(shown, false);
        if (shown.path("kafka").path("client") instanceof ObjectNode client) {
            redact(client, true);
        }
        return shown.toPrettyString();
    }

    /**
     * The whole tree as JSON, secrets included: what a config file for another process (a child trainer) holds.
     * Never log it; {@link #toString()} is the loggable form.
     */
    public String toJson() {
        return root.toPrettyString();
    }

    /** Redacts sensitive Kafka property values below {@code node}: any such name when {@code kafkaClient}, else dotted ones. */
    private static void redact(JsonNode node, boolean kafkaClient) {
        if (node instanceof ObjectNode object) {
            for (String name : object.properties().stream().map(Map.Entry::getKey).toList()) {
                if ((kafkaClient || name.contains(".")) && KafkaClientConfig.isSensitive(name)) {
                    object.put(name, KafkaClientConfig.REDACTED);
                } else {
                    redact(object.get(name), kafkaClient);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> redact(element, kafkaClient));
        }
    }
}
