package io.streamgrad.pipeline.it;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole topic as any downstream consumer would: {@code read_committed}, from the beginning to the
 * end offsets at the time of the call, partition by partition in offset order. A plain Kafka consumer,
 * independent of the code under test.
 */
final class TopicReader {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicReader() {
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> clientProperties, String topic) {
        return readAll(clientProperties, topic, "read_committed");
    }

    /** As {@link #readAll(Map, String)} with this isolation level ({@code read_uncommitted} shows aborted records). */
    static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> clientProperties, String topic,
                                                        String isolationLevel) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-it-reader");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).sorted(
                            java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " in " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>())
                            .add(r);
                }
            }
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                records.addAll(byPartition.getOrDefault(tp, List.of()));
            }
            return records;
        }
    }
}
