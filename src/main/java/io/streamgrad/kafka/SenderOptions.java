package io.streamgrad.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Immutable settings of a {@link KafkaSender} or {@link TransactionalSender}: client properties (passed
 * through to {@code KafkaProducer}, secrets as references), serializers and the sender's own limits.
 * A {@code transactional.id} in the config selects a {@link TransactionalSender}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class SenderOptions<K, V> {
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final KafkaClientConfig config;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final int maxInFlight;
    private final Duration closeTimeout;
    private final SecretResolver secretResolver;
    private final String clientId;

    private SenderOptions(Builder<K, V> b) {
        this.config = b.config;
        this.keySerializer = b.keySerializer;
        this.valueSerializer = b.valueSerializer;
        this.maxInFlight = b.maxInFlight;
        this.closeTimeout = b.closeTimeout;
        this.secretResolver = b.secretResolver;
        this.clientId = config.get(ProducerConfig.CLIENT_ID_CONFIG).map(String::valueOf)
                .orElse("streamgrad-sender-" + CLIENT_IDS.incrementAndGet());
    }

    /** Starts options; {@code config} must hold {@code bootstrap.servers}. */
    public static <K, V> Builder<K, V> builder(KafkaClientConfig config, Serializer<K> keySerializer,
                                               Serializer<V> valueSerializer) {
        return new Builder<>(config, keySerializer, valueSerializer);
    }

    /** The client properties as given, secret references unresolved (safe to log through its {@code toString()}). */
    public KafkaClientConfig config() {
        return config;
    }

    /** The key serializer, passed to the producer as an instance, so its {@code configure} is never called. */
    public Serializer<K> keySerializer() {
        return keySerializer;
    }

    /** The value serializer, passed to the producer as an instance, so its {@code configure} is never called. */
    public Serializer<V> valueSerializer() {
        return valueSerializer;
    }

    /** Most records sent and not yet acknowledged by {@link KafkaSender#send(org.reactivestreams.Publisher)}. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** How long close may wait for buffered records to be sent. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** Resolves the secret references of {@link #config()} when the producer is created. */
    public SecretResolver secretResolver() {
        return secretResolver;
    }

    /** The producer's {@code client.id}; it also names the sender's thread. */
    public String clientId() {
        return clientId;
    }

    /** The {@code transactional.id}, if any. */
    public Optional<String> transactionalId() {
        return config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG).map(String::valueOf);
    }

    /** The producer's properties with secrets resolved: for the {@code KafkaProducer} constructor only. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> props = new LinkedHashMap<>(config.resolve(secretResolver));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** Who sends where: for log lines and error messages (no secrets). */
    public String describe() {
        return "sender '" + clientId + "' (" + transactionalId().map(t -> "transactional.id '" + t + "', ").orElse("")
                + "bootstrap " + config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG).orElse("?") + ")";
    }

    /**
     * Builder of {@link SenderOptions}; not thread-safe.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class Builder<K, V> {
        private final KafkaClientConfig config;
        private final Serializer<K> keySerializer;
        private final Serializer<V> valueSerializer;
        private int maxInFlight = 256;
        private Duration closeTimeout = Duration.ofSeconds(10);
        private SecretResolver secretResolver = SecretResolver.fromEnvironment();

        private Builder(KafkaClientConfig config, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
            this.config = Objects.requireNonNull(config, "config");
            this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
            this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
        }

        /** Most records in flight in a streamed send (default 256); upstream is requested accordingly. */
        public Builder<K, V> maxInFlight(int records) {
            this.maxInFlight = records;
            return this;
        }

        /** How long close may wait for buffered records to be sent (default 10 s). */
        public Builder<K, V> closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "closeTimeout");
            return this;
        }

        /** Resolves {@code ${env:...}} and {@code ${file:...}} in the config (default: the process environment). */
        public Builder<K, V> secretResolver(SecretResolver resolver) {
            this.secretResolver = Objects.requireNonNull(resolver, "secretResolver");
            return this;
        }

        /** Checks the settings and builds the options. */
        public SenderOptions<K, V> build() {
            if (config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG).isEmpty()) {
                throw new IllegalArgumentException("No bootstrap.servers in the client config: set it to the brokers'"
                        + " host:port list.");
            }
            if (maxInFlight <= 0) {
                throw new IllegalArgumentException("maxInFlight must be positive, got " + maxInFlight + ".");
            }
            if (closeTimeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, got " + closeTimeout + ".");
            }
            return new SenderOptions<>(this);
        }
    }
}
