package io.streamgrad.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Plain Kafka clients for setting up and checking scenarios, independent of the code under test: a bulk
 * producer and a "read the whole topic" consumer.
 */
final class TestClients {
    private TestClients() {
    }

    /** Consumer properties of a group member reading from the earliest offset, with quick heartbeats. */
    static KafkaClientConfig consumerConfig(KafkaCluster cluster, String group) {
        return cluster.clientConfig().withAll(Map.of(
                "group.id", group,
                "auto.offset.reset", "earliest",
                // Members notice a rebalance on their next heartbeat: keep it short so rebalances take < 1 s.
                "heartbeat.interval.ms", "300",
                "session.timeout.ms", "10000"));
    }

    /** Receiver options for String records of these topics (see {@link #consumerConfig}). */
    static ReceiverOptions.Builder<String, String> receiverOptions(KafkaClientConfig config, String... topics) {
        return ReceiverOptions.builder(config, new StringDeserializer(), new StringDeserializer())
                .subscription(List.of(topics));
    }

    /** Receiver options for String records of these topics, as a member of {@code group}. */
    static ReceiverOptions.Builder<String, String> receiverOptions(KafkaCluster cluster, String group, String... topics) {
        return receiverOptions(consumerConfig(cluster, group), topics);
    }

    /** Sender options for String records. */
    static SenderOptions.Builder<String, String> senderOptions(KafkaClientConfig config) {
        return SenderOptions.builder(config, new StringSerializer(), new StringSerializer());
    }

    /** Sends {@code count} records made by {@code record} and waits until all are acknowledged. */
    static void produce(KafkaCluster cluster, int count, IntFunction<ProducerRecord<String, String>> record) {
        Map<String, Object> props = new HashMap<>(cluster.clientConfig().resolve(SecretResolver.withEnvironment(Map.of())));
        props.put("linger.ms", "5");
        props.put("batch.size", Integer.toString(256 * 1024));
        // One request at a time: right after a topic is created, a partition's first batch may fail with
        // NOT_LEADER_OR_FOLLOWER while a later in-flight batch is already appended; the retried first batch
        // then fails forever with OUT_OF_ORDER_SEQUENCE_NUMBER and the setup times out after 120 s.
        props.put("max.in.flight.requests.per.connection", "1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<Future<?>> sent = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(record.apply(i)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("test setup could not produce records: " + e, e);
        }
    }

    /** Sends these values (keys = values) to one topic. */
    static void produce(KafkaCluster cluster, String topic, List<String> values) {
        produce(cluster, values.size(), i -> new ProducerRecord<>(topic, values.get(i), values.get(i)));
    }

    /** Every value in the topic, read with the given isolation level, partition by partition. */
    static List<String> readAll(KafkaCluster cluster, String topic, String isolationLevel) {
        Map<String, Object> props = new HashMap<>(cluster.clientConfig().resolve(SecretResolver.withEnvironment(Map.of())));
        props.put("isolation.level", isolationLevel);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end + " within 20 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
