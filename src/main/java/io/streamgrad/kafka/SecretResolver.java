package io.streamgrad.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secret references in Kafka client property values with the secrets themselves, when a client is
 * created, so configuration files and logs hold only the references:
 * <ul>
 *   <li>{@code ${env:NAME}}: the value of environment variable {@code NAME};</li>
 *   <li>{@code ${file:/path/to/file}}: the contents of the file, without a trailing line break (as secret
 *       files mounted by Docker or Kubernetes often end with one).</li>
 * </ul>
 * A reference may be the whole value or part of it, e.g. {@code sasl.jaas.config = ...ScramLoginModule
 * required username="trainer" password="${env:KAFKA_PASSWORD}";}. Inside {@code sasl.jaas.config} the
 * secret is escaped for its quoted JAAS string, so a password may contain '"' or '\'. There is no escape for
 * a literal "${env:": such values are rare in client configs.
 *
 * <p>Errors name the property and the reference, never the secret, and say what to do. Instances are
 * immutable and thread-safe. The environment is injectable ({@link #withEnvironment(Map)}) because tests
 * cannot set environment variables of their own JVM.
 */
public final class SecretResolver {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");
    private static final Pattern TRAILING_LINE_BREAK = Pattern.compile("\\r?\\n$");

    private final Map<String, String> environment;

    private SecretResolver(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Resolves {@code ${env:...}} against this process's environment. */
    public static SecretResolver fromEnvironment() {
        return new SecretResolver(System.getenv());
    }

    /** Resolves {@code ${env:...}} against the given map instead of the process environment. */
    public static SecretResolver withEnvironment(Map<String, String> environment) {
        return new SecretResolver(environment);
    }

    /** True when {@code value} holds at least one {@code ${env:...}} or {@code ${file:...}} reference. */
    public static boolean hasReference(String value) {
        return REFERENCE.matcher(value).find();
    }

    /**
     * Returns {@code value} with every reference replaced by its secret.
     *
     * @param key   the property the value belongs to: named in errors, and selects JAAS escaping
     * @throws IllegalArgumentException when a variable is unset or a file cannot be read
     */
    public String resolve(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        boolean jaas = key.endsWith("sasl.jaas.config");
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String secret = lookUp(key, m.group(1), m.group(2), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(jaas ? escapeForJaas(secret) : secret));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String lookUp(String key, String kind, String name, String reference) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("Kafka client property '" + key + "' has the reference " + reference
                    + " with no name; write ${env:VARIABLE} or ${file:/absolute/path}.");
        }
        return kind.equals("env") ? fromEnv(key, name, reference) : fromFile(key, name, reference);
    }

    private String fromEnv(String key, String name, String reference) {
        String secret = environment.get(name);
        if (secret == null) {
            throw new IllegalArgumentException("Kafka client property '" + key + "' refers to " + reference
                    + ", but environment variable " + name + " is not set. Export it before starting, or keep"
                    + " the secret in a file and refer to it as ${file:/path}.");
        }
        return secret;
    }

    private static String fromFile(String key, String name, String reference) {
        try {
            return TRAILING_LINE_BREAK.matcher(Files.readString(Path.of(name))).replaceFirst("");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Kafka client property '" + key + "' refers to " + reference
                    + ", which cannot be read (" + e.getClass().getSimpleName() + "). Check that the file exists"
                    + " and is readable by this process, or use ${env:VARIABLE} instead.", e);
        }
    }

    private static String escapeForJaas(String secret) {
        return secret.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
