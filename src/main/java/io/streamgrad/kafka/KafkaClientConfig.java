package io.streamgrad.kafka;

import io.streamgrad.kafka.internal.JaasConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Kafka client properties, passed through unchanged to {@code KafkaConsumer} and {@code KafkaProducer}
 * (any key: {@code bootstrap.servers}, {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...), whose
 * string values may hold secret references ({@code ${env:NAME}}, {@code ${file:/path}}) that are
 * {@link #resolve(SecretResolver) resolved} only when a client is created.
 *
 * <p>Logging: {@link #toString()} and {@link #redacted()} mask every value whose key looks sensitive (see
 * {@link #isSensitive(String)}); our code logs configs only that way. Kafka itself logs its parsed config at
 * INFO ("ConsumerConfig values: ...") and masks password-typed keys such as {@code sasl.jaas.config} as
 * {@code [hidden]}.
 *
 * <p>Instances are immutable and thread-safe; the {@code with} methods return new instances.
 */
public final class KafkaClientConfig {
    /** Parts of a key that mark its value as a secret. */
    private static final List<String> SENSITIVE_KEY_PARTS =
            List.of("password", "secret", "jaas", "key", "token", "credential", "user.info");
    /** Keys that contain "key" but name classes, not secrets; masking them would only hide useful facts. */
    private static final Set<String> NOT_SENSITIVE = Set.of("key.serializer", "key.deserializer");
    /** What {@link #redact} shows instead of a sensitive value (as {@code ConfigTree.toString()} does too). */
    public static final String REDACTED = "[redacted]";

    private final Map<String, Object> properties;

    private KafkaClientConfig(Map<String, Object> properties) {
        this.properties = Collections.unmodifiableMap(properties);
    }

    /** A config holding these properties (keys and values must not be null). */
    public static KafkaClientConfig of(Map<String, ?> properties) {
        return new KafkaClientConfig(copy(properties));
    }

    /** A config holding only {@code bootstrap.servers}. */
    public static KafkaClientConfig bootstrap(String bootstrapServers) {
        return of(Map.of("bootstrap.servers", bootstrapServers));
    }

    /** This config plus one property (replacing an earlier value of the same key). */
    public KafkaClientConfig with(String key, Object value) {
        return withAll(Map.of(key, value));
    }

    /** This config plus these properties (replacing earlier values of the same keys). */
    public KafkaClientConfig withAll(Map<String, ?> more) {
        Map<String, Object> merged = new LinkedHashMap<>(properties);
        merged.putAll(copy(more));
        return new KafkaClientConfig(merged);
    }

    /**
     * This config plus a SCRAM-SHA-256 login: {@code sasl.mechanism} and {@code sasl.jaas.config}. Give the
     * password as a reference ({@code "${env:KAFKA_PASSWORD}"}) so that it exists in clear only inside the
     * client. {@code security.protocol} (SASL_PLAINTEXT or SASL_SSL) is left to the caller.
     */
    public KafkaClientConfig withScramLogin(String username, String password) {
        return with("sasl.mechanism", "SCRAM-SHA-256").with("sasl.jaas.config", JaasConfig.scramLogin(username, password));
    }

    /** The raw value of a property (references unresolved), if set. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(properties.get(key));
    }

    /**
     * The properties for a Kafka client constructor, with secret references resolved. Keep the result
     * inside the code that builds the client: it holds secrets in clear.
     *
     * @throws IllegalArgumentException when a reference cannot be resolved (the message names the key)
     */
    public Map<String, Object> resolve(SecretResolver resolver) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        properties.forEach((key, value) ->
                resolved.put(key, value instanceof String s ? resolver.resolve(key, s) : value));
        return resolved;
    }

    /** The properties with sensitive values masked, for logs and error messages. */
    public Map<String, String> redacted() {
        return redact(properties);
    }

    /**
     * Masks sensitive values of any config map (e.g. one about to be logged). Values are shown with
     * {@code String.valueOf}.
     */
    public static Map<String, String> redact(Map<String, ?> config) {
        Map<String, String> shown = new LinkedHashMap<>();
        config.forEach((key, value) -> shown.put(key, isSensitive(key) ? REDACTED : String.valueOf(value)));
        return Collections.unmodifiableMap(shown);
    }

    /**
     * True when a key's value must not be logged: its name contains password, secret, jaas, key, token,
     * credential or user.info (case-insensitive), except {@code key.serializer} and {@code key.deserializer}.
     */
    public static boolean isSensitive(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (NOT_SENSITIVE.contains(k)) {
            return false;
        }
        return SENSITIVE_KEY_PARTS.stream().anyMatch(k::contains);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaClientConfig other && properties.equals(other.properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }

    /** The redacted properties: safe to log. */
    @Override
    public String toString() {
        return "KafkaClientConfig" + redacted();
    }

    private static Map<String, Object> copy(Map<String, ?> properties) {
        Map<String, Object> copy = new LinkedHashMap<>();
        properties.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "property key"),
                Objects.requireNonNull(value, () -> "value of Kafka client property '" + key + "'")));
        return copy;
    }
}
