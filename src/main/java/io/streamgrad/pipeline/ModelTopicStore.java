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
 * <p>Thread-safe: {@link #refresh()} replaces the snapshot that {@link #latest} reads.
 */
public final class ModelTopicStore implements ModelStore {
    private final Map<String, Object> clientProperties;
    private final String topic;
    private volatile Map<String, byte[]> latest = Map.of();
    private volatile List<TopicPartition> partitions = List.of();

    /**
     * A store of {@code topic}, read by a consumer made from {@code clientProperties} (bootstrap servers,
     * security) with no group and {@code read_committed}. It is empty until the first {@link #refresh()}.
     */
    public ModelTopicStore(Map<String, Object> clientProperties, String topic) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
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
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
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
