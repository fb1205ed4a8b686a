package io.streamgrad.pipeline;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest committed training state of every model, read back from the compacted model topic with a
 * {@code read_committed} consumer from the beginning to the end offsets: what a restarted trainer, or a new
 * owner of a partition, restores (as Kafka Streams restores state stores from changelogs).
 *
 * <p>Every trainer instance writes to this one topic, and a {@code read_committed} consumer sees nothing past the
 * first record of a transaction still open (the last stable offset). So {@link #refresh()} first waits until
 * every transaction open when it began is decided: otherwise a transaction left open by an instance that died
 * would hide the states other instances committed after it began, and a new owner would restore older states than
 * the offsets committed with them (rows lost). A dead instance's transaction is aborted by the broker after the
 * producer's {@code transaction.timeout.ms} (the trainer's default: {@value KafkaTrainer#TRANSACTION_TIMEOUT_MS} ms).
 *
 * <p>Thread-safe: {@link #refresh()} replaces the snapshot that {@link #latest} reads.
 */
public final class ModelTopicStore implements ModelStore {
    /** How often {@link #refresh()} looks again whether the open transactions were decided. */
    private static final Duration DECISION_POLL = Duration.ofMillis(50);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final Duration decisionTimeout;
    private volatile Map<String, byte[]> latest = Map.of();
    private volatile List<TopicPartition> partitions = List.of();

    /**
     * A store of {@code topic}, read by a consumer made from {@code clientProperties} (bootstrap servers,
     * security) with no group and {@code read_committed}. It is empty until the first {@link #refresh()}.
     */
    public ModelTopicStore(Map<String, Object> clientProperties, String topic) {
        this(clientProperties, topic, Duration.ofMillis(3L * KafkaTrainer.TRANSACTION_TIMEOUT_MS));
    }

    /**
     * @param decisionTimeout how long {@link #refresh()} waits for transactions open on the topic to be decided:
     *                        longer than the writers' {@code transaction.timeout.ms} plus the broker's abort delay
     */
    ModelTopicStore(Map<String, Object> clientProperties, String topic, Duration decisionTimeout) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
        this.decisionTimeout = decisionTimeout;
    }

    /** Reads the whole topic again; afterwards {@link #latest} answers from what was committed until now. */
    public ModelTopicStore refresh() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamgrad-model-store");
        Map<String, byte[]> states = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            this.partitions = partitions;
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = decidedEndOffsets(consumer, partitions, logEndOffsets(partitions));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.value() != null) {
                        states.put(r.key(), r.value());
                    } else if (r.key() != null) {
                        states.remove(r.key());
                    }
                }
            }
        }
        latest = states;
        return this;
    }

    /** The log end offsets now, transactions still open included: what {@link #refresh()} must see decided. */
    private Map<TopicPartition, Long> logEndOffsets(List<TopicPartition> partitions) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamgrad-model-store-end");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.endOffsets(partitions, Duration.ofSeconds(30));
        }
    }

    /**
     * The {@code read_committed} end offsets (last stable offsets) once they reached {@code logEnd}: every
     * transaction that had written before then is committed or aborted.
     *
     * @throws TrainerFailedException when a transaction stays open longer than {@link #decisionTimeout}
     */
    private Map<TopicPartition, Long> decidedEndOffsets(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
                                                        Map<TopicPartition, Long> logEnd) {
        long deadline = System.nanoTime() + decisionTimeout.toNanos();
        while (true) {
            Map<TopicPartition, Long> stable = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            if (partitions.stream().allMatch(tp -> stable.get(tp) >= logEnd.get(tp))) {
                return stable;
            }
            if (System.nanoTime() > deadline) {
                throw new TrainerFailedException("the model topic " + topic + " still has a transaction open after "
                        + decisionTimeout.toSeconds() + " s (last stable offsets " + stable + ", log end " + logEnd
                        + "): restoring now would miss states committed after it. A trainer that died mid-transaction"
                        + " leaves one open until its transaction.timeout.ms; check that no producer holds one open"
                        + " longer", null);
            }
            try {
                Thread.sleep(DECISION_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainerFailedException("interrupted while waiting for the model topic's open transactions", e);
            }
        }
    }

    @Override
    public Optional<byte[]> latest(String modelId) {
        return Optional.ofNullable(latest.get(modelId));
    }

    /** The topic's partitions, as of the last {@link #refresh()}. */
    public List<TopicPartition> partitions() {
        return partitions;
    }

    /** Model ids with a committed state. */
    public java.util.Set<String> modelIds() {
        return latest.keySet();
    }
}
