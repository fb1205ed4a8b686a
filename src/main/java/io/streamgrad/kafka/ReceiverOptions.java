package io.streamgrad.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Immutable settings of a {@link KafkaReceiver}: client properties (passed through to
 * {@code KafkaConsumer}), deserializers, what to read (a group subscription or a fixed assignment) and the
 * receiver's own flow-control and commit settings. Built with {@link #builder}; {@link Builder#build()}
 * checks the combination and explains what to change.
 *
 * <p>Consumer properties the receiver sets unless given: {@code isolation.level=read_committed} (records of
 * aborted or open transactions are never seen), {@code max.poll.records = min(500, bufferCapacity)} and a
 * {@code client.id}. It always sets {@code enable.auto.commit=false}: it commits acknowledged offsets itself.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ReceiverOptions<K, V> {
    /** Kafka's default {@code max.poll.records}. */
    static final int KAFKA_MAX_POLL_RECORDS = 500;
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final KafkaClientConfig config;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final List<String> topics;
    private final List<TopicPartition> assignment;
    private final int bufferCapacity;
    private final Duration pollTimeout;
    private final Duration closeTimeout;
    private final Duration commitInterval;
    private final boolean acknowledgements;
    private final RebalanceListener rebalanceListener;
    private final SecretResolver secretResolver;
    private final String clientId;

    private ReceiverOptions(Builder<K, V> b) {
        this.config = b.config;
        this.keyDeserializer = b.keyDeserializer;
        this.valueDeserializer = b.valueDeserializer;
        this.topics = List.copyOf(b.topics);
        this.assignment = List.copyOf(b.assignment);
        this.bufferCapacity = b.bufferCapacity;
        this.pollTimeout = b.pollTimeout;
        this.closeTimeout = b.closeTimeout;
        this.commitInterval = b.commitInterval;
        this.acknowledgements = b.acknowledgements;
        this.rebalanceListener = b.rebalanceListener;
        this.secretResolver = b.secretResolver;
        this.clientId = config.get(ConsumerConfig.CLIENT_ID_CONFIG).map(String::valueOf)
                .orElse("streamgrad-receiver-" + CLIENT_IDS.incrementAndGet());
    }

    /**
     * Starts options for a receiver.
     *
     * @param config client properties; must hold {@code bootstrap.servers}, and {@code group.id} for a
     *               subscription
     */
    public static <K, V> Builder<K, V> builder(KafkaClientConfig config, Deserializer<K> keyDeserializer,
                                               Deserializer<V> valueDeserializer) {
        return new Builder<>(config, keyDeserializer, valueDeserializer);
    }

    /**
     * The client properties as given, secret references unresolved and without the receiver's additions; see
     * {@link #consumerProperties()}.
     */
    public KafkaClientConfig config() {
        return config;
    }

    /** The key deserializer, passed to the consumer as an instance, so its {@code configure} is never called. */
    public Deserializer<K> keyDeserializer() {
        return keyDeserializer;
    }

    /** The value deserializer, passed to the consumer as an instance, so its {@code configure} is never called. */
    public Deserializer<V> valueDeserializer() {
        return valueDeserializer;
    }

    /** Topics to subscribe to as a group member; empty when {@link #assignment()} is used. */
    public List<String> topics() {
        return topics;
    }

    /** Partitions to read without a group rebalance; empty when {@link #topics()} is used. */
    public List<TopicPartition> assignment() {
        return assignment;
    }

    /** Hard bound of records polled but not yet emitted. */
    public int bufferCapacity() {
        return bufferCapacity;
    }

    /**
     * The longest one {@code poll} blocks while fetching: also the longest a commit, seek or close waits
     * for the poll thread then. While paused the poll thread waits outside the consumer and wakes at once.
     */
    public Duration pollTimeout() {
        return pollTimeout;
    }

    /** How long closing may take: the final commit, then leaving the group. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** How often acknowledged offsets are committed; {@link Duration#ZERO} commits only on demand, revoke and close. */
    public Duration commitInterval() {
        return commitInterval;
    }

    /**
     * Whether records can be acknowledged (and acknowledged offsets committed by the receiver). False for
     * exactly-once consumers, whose offsets go into transactions: the receiver then keeps no per-record
     * bookkeeping, which would otherwise grow with every record never acknowledged.
     */
    public boolean acknowledgements() {
        return acknowledgements;
    }

    /** Runs on the poll thread at each assignment, revocation or loss (by default {@link RebalanceListener#NONE}). */
    public RebalanceListener rebalanceListener() {
        return rebalanceListener;
    }

    /** Resolves the secret references of {@link #config()} when a consumer is created. */
    public SecretResolver secretResolver() {
        return secretResolver;
    }

    /** The consumer's {@code client.id}; it also names the receiver's threads. */
    public String clientId() {
        return clientId;
    }

    /** The {@code group.id}, if any. */
    public Optional<String> groupId() {
        return config.get(ConsumerConfig.GROUP_ID_CONFIG).map(String::valueOf);
    }

    /** {@code max.poll.records} as the consumer will use it. */
    public int maxPollRecords() {
        return config.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG).map(v -> Integer.parseInt(v.toString()))
                .orElse(Math.min(KAFKA_MAX_POLL_RECORDS, bufferCapacity));
    }

    /**
     * The consumer's properties with the receiver's settings added and secrets resolved: for the
     * {@code KafkaConsumer} constructor only, never for logs.
     */
    public Map<String, Object> consumerProperties() {
        Map<String, Object> props = new LinkedHashMap<>(config.resolve(secretResolver));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords()));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** What the receiver reads and where: for log lines and error messages (no secrets). */
    public String describe() {
        String what = topics.isEmpty() ? "partitions " + assignment : "topics " + topics;
        return "receiver '" + clientId + "' (" + what + groupId().map(g -> ", group '" + g + "'").orElse("")
                + ", bootstrap " + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG).orElse("?") + ")";
    }

    /**
     * Builder of {@link ReceiverOptions}; not thread-safe.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class Builder<K, V> {
        private final KafkaClientConfig config;
        private final Deserializer<K> keyDeserializer;
        private final Deserializer<V> valueDeserializer;
        private List<String> topics = List.of();
        private List<TopicPartition> assignment = List.of();
        private int bufferCapacity = 2 * KAFKA_MAX_POLL_RECORDS;
        private Duration pollTimeout = Duration.ofMillis(100);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Duration commitInterval = Duration.ofSeconds(5);
        private boolean acknowledgements = true;
        private RebalanceListener rebalanceListener = RebalanceListener.NONE;
        private SecretResolver secretResolver = SecretResolver.fromEnvironment();

        private Builder(KafkaClientConfig config, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
            this.config = Objects.requireNonNull(config, "config");
            this.keyDeserializer = Objects.requireNonNull(keyDeserializer, "keyDeserializer");
            this.valueDeserializer = Objects.requireNonNull(valueDeserializer, "valueDeserializer");
        }

        /** Subscribes to these topics as a member of {@code group.id} (partitions assigned by the group). */
        public Builder<K, V> subscription(List<String> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        /** Reads exactly these partitions, without group membership (e.g. to restore a compacted model topic). */
        public Builder<K, V> assignment(List<TopicPartition> partitions) {
            this.assignment = List.copyOf(partitions);
            return this;
        }

        /**
         * The hard bound of records polled but not yet emitted downstream (default 1000). Must be at least
         * {@code max.poll.records}, since one poll may return that many; the receiver fetches only while
         * a whole poll fits.
         */
        public Builder<K, V> bufferCapacity(int records) {
            this.bufferCapacity = records;
            return this;
        }

        /** The longest one poll blocks while fetching (default 100 ms); bounds the latency of commits and close. */
        public Builder<K, V> pollTimeout(Duration timeout) {
            this.pollTimeout = Objects.requireNonNull(timeout, "pollTimeout");
            return this;
        }

        /** How long closing may take (default 10 s). */
        public Builder<K, V> closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "closeTimeout");
            return this;
        }

        /** How often acknowledged offsets are committed (default 5 s); zero: only on demand, revoke and close. */
        public Builder<K, V> commitInterval(Duration interval) {
            this.commitInterval = Objects.requireNonNull(interval, "commitInterval");
            return this;
        }

        /**
         * False for exactly-once use (offsets sent in transactions, {@link Transaction#sendOffsets}): records
         * are not tracked and {@link ReceiverRecord#acknowledge()} throws. Default true.
         */
        public Builder<K, V> acknowledgements(boolean enabled) {
            this.acknowledgements = enabled;
            return this;
        }

        /** Callbacks on partition assignment and revocation; see {@link RebalanceListener} for the threading. */
        public Builder<K, V> rebalanceListener(RebalanceListener listener) {
            this.rebalanceListener = Objects.requireNonNull(listener, "rebalanceListener");
            return this;
        }

        /** Resolves {@code ${env:...}} and {@code ${file:...}} in the config (default: the process environment). */
        public Builder<K, V> secretResolver(SecretResolver resolver) {
            this.secretResolver = Objects.requireNonNull(resolver, "secretResolver");
            return this;
        }

        /** Checks the settings and builds the options. */
        public ReceiverOptions<K, V> build() {
            require(config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG).isPresent(),
                    "No bootstrap.servers in the client config: set it to the brokers' host:port list.");
            require(topics.isEmpty() != assignment.isEmpty(),
                    "Give exactly one of subscription(topics) (group members share partitions) or"
                            + " assignment(partitions) (read fixed partitions); got topics " + topics
                            + " and partitions " + assignment + ".");
            require(topics.isEmpty() || config.get(ConsumerConfig.GROUP_ID_CONFIG).isPresent(),
                    "A subscription to " + topics + " needs group.id in the client config: the group is what"
                            + " assigns partitions and keeps committed offsets.");
            require(!"true".equals(String.valueOf(config.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG).orElse("false"))),
                    "enable.auto.commit=true would commit records before they are processed. Remove it: the"
                            + " receiver commits acknowledged offsets itself (see commitInterval).");
            require(bufferCapacity > 0, "bufferCapacity must be positive, got " + bufferCapacity + ".");
            require(pollTimeout.isPositive(), "pollTimeout must be positive, got " + pollTimeout + ".");
            require(!closeTimeout.isNegative(), "closeTimeout must not be negative, got " + closeTimeout + ".");
            require(!commitInterval.isNegative(), "commitInterval must not be negative, got " + commitInterval + ".");
            ReceiverOptions<K, V> options = new ReceiverOptions<>(this);
            require(options.maxPollRecords() <= bufferCapacity, "max.poll.records=" + options.maxPollRecords()
                    + " exceeds bufferCapacity=" + bufferCapacity + ": one poll could overflow the buffer. Lower"
                    + " max.poll.records or raise bufferCapacity.");
            return options;
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
