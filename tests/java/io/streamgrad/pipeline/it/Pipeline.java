package io.streamgrad.pipeline.it;

import io.streamgrad.testing.Await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.kafka.SecretResolver;
import io.streamgrad.kafka.Topics;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.ModelUpdate;
import io.streamgrad.pipeline.RowProducer;
import io.streamgrad.pipeline.TrainerListener;
import io.streamgrad.pipeline.Trainers;
import io.streamgrad.pipeline.TrainingState;
import io.streamgrad.pipeline.TrainingStateCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scenario's pipeline on a shared broker: its own rows, model, metrics and dead-letter topics, consumer
 * group and transactional-id prefix (unique names, so scenarios sharing a broker never see each other), the
 * config that names them, and what a test needs around trainers: feeding the rows topic, starting trainers,
 * and reading back what they committed, with plain {@code read_committed} consumers.
 */
final class Pipeline {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private final KafkaBroker broker;
    private final String name;
    private final ConfigTree config;
    private final SecretResolver secrets;

    private Pipeline(KafkaBroker broker, String name, ConfigTree config, SecretResolver secrets) {
        this.broker = broker;
        this.name = name;
        this.config = config;
        this.secrets = secrets;
    }

    /**
     * A pipeline named after {@code scenario}, configured by the bundled defaults overlaid by {@code settings}
     * (dotted config keys), with its topics created.
     */
    static Pipeline create(KafkaBroker broker, String scenario, Map<String, ?> settings) {
        return create(broker, scenario, settings, SecretResolver.fromEnvironment());
    }

    /** As {@link #create(KafkaBroker, String, Map)}, resolving {@code kafka.client} secrets with {@code secrets}. */
    static Pipeline create(KafkaBroker broker, String scenario, Map<String, ?> settings, SecretResolver secrets) {
        String name = scenario + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
        Map<String, Object> all = new LinkedHashMap<>(namesFor(name));
        all.put("kafka.bootstrap-servers", broker.bootstrapServers());
        all.putAll(settings);
        Pipeline p = new Pipeline(broker, name, ConfigTree.of(all), secrets);
        p.createTopics();
        return p;
    }

    /**
     * A second, independent pipeline over the same rows topic: its own group, transactional ids, model, metrics
     * and dead-letter topics. It trains on exactly the rows this one trains on: the reference run to compare with.
     */
    Pipeline sameRowsElsewhere() {
        String other = name + "-ref";
        ConfigTree c = config;
        for (Map.Entry<String, String> e : namesFor(other).entrySet()) {
            if (!e.getKey().equals("kafka.topics.rows")) {
                c = c.with(e.getKey(), e.getValue());
            }
        }
        Pipeline p = new Pipeline(broker, other, c, secrets);
        p.createTopics();
        return p;
    }

    private static Map<String, String> namesFor(String name) {
        return Map.of("kafka.topics.rows", name + ".rows", "kafka.topics.models", name + ".models",
                "kafka.topics.metrics", name + ".metrics", "kafka.topics.dead-letter", name + ".rows.dlq",
                "kafka.group-id", name + "-trainers", "kafka.transactional-id-prefix", name + "-tx");
    }

    /** Creates the topics as {@code streamgrad train} does (existing ones are kept). */
    private void createTopics() {
        Map<String, Object> props = resolvedClient();
        Topics.ensure(props, rowsTopic(), config.integer("kafka.partitions"), false);
        Topics.ensure(props, modelsTopic(), 1, true);
        Topics.ensure(props, metricsTopic(), 1, false);
        Topics.ensure(props, deadLetterTopic(), 1, false);
    }

    ConfigTree config() {
        return config;
    }

    /** The trainer's client config: the broker's properties plus {@code kafka.client}, secrets unresolved. */
    KafkaClientConfig client() {
        return broker.clientConfig().withAll(config.stringMap("kafka.client"));
    }

    /** The client properties with secrets resolved, for the test's own producers and readers. */
    Map<String, Object> resolvedClient() {
        return client().resolve(secrets);
    }

    String rowsTopic() {
        return config.string("kafka.topics.rows");
    }

    String modelsTopic() {
        return config.string("kafka.topics.models");
    }

    String metricsTopic() {
        return config.string("kafka.topics.metrics");
    }

    String deadLetterTopic() {
        return config.string("kafka.topics.dead-letter");
    }

    String groupId() {
        return config.string("kafka.group-id");
    }

    ModelSpec spec() {
        return ModelSpec.from(config);
    }

    /** Appends these CSV lines to the rows topic, in order, and waits until the broker has them all. */
    long produce(List<String> lines) {
        return RowProducer.produce(KafkaClientConfig.of(resolvedClient()), rowsTopic(), lines, 1, 0, n -> { });
    }

    /** Sends these records one by one, each acknowledged before the next. */
    void send(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(resolvedClient(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r).get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("sending records to " + rowsTopic() + " failed: " + e, e);
        }
    }

    /**
     * Appends {@code lines}, {@code repeat} times over, as fast as the broker takes them: a plain producer with
     * large batches and no cap on records in flight. ({@link RowProducer} keeps at most 256 records in flight,
     * one linger period each, which makes a million rows take tens of seconds.)
     */
    long produceInBulk(List<String> lines, int repeat) {
        Map<String, Object> props = new LinkedHashMap<>(resolvedClient());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<byte[]> values = lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
            Future<?> last = null;
            for (int r = 0; r < repeat; r++) {
                for (byte[] v : values) {
                    last = producer.send(new ProducerRecord<>(rowsTopic(), v));
                    sent++;
                }
            }
            producer.flush();
            if (last != null) {
                last.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("producing rows to " + rowsTopic() + " failed: " + e, e);
        }
        return sent;
    }

    /** A started trainer of this pipeline, built as {@code streamgrad train} builds it. */
    KafkaTrainer start(String instanceId, TrainerListener listener) {
        return Trainers.create(config.with("kafka.instance-id", instanceId), client(), listener).start();
    }

    List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        return TopicReader.readAll(resolvedClient(), topic);
    }

    /** Every committed model update, in the order of the model topic. */
    List<ModelUpdate> modelUpdates() {
        List<ModelUpdate> updates = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records(modelsTopic())) {
            updates.add(TrainingStateCodec.describe(r.value()));
        }
        return updates;
    }

    /** The last committed training state of {@code modelId}. */
    Optional<byte[]> latestState(String modelId) {
        byte[] latest = null;
        for (ConsumerRecord<byte[], byte[]> r : records(modelsTopic())) {
            if (modelId.equals(key(r))) {
                latest = r.value();
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The last committed training state of {@code modelId}, rebuilt as a restarted trainer rebuilds it. */
    TrainingState latestTrained(String modelId) {
        return TrainingStateCodec.decode(latestState(modelId).orElseThrow(
                () -> new AssertionError("no committed update of model " + modelId + " on " + modelsTopic())), spec());
    }

    /** Rows seen by the last committed update of {@code modelId}; 0 before the first. */
    long rowsSeen(String modelId) {
        return latestState(modelId).map(b -> TrainingStateCodec.describe(b).rowsSeen()).orElse(0L);
    }

    /** Every committed loss record, in the order of the metrics topic. */
    List<JsonNode> lossRecords() {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records(metricsTopic())) {
            try {
                out.add(JSON.readTree(r.value()));
            } catch (IOException e) {
                throw new UncheckedIOException("a loss record is not JSON: " + text(r.value()), e);
            }
        }
        return out;
    }

    /**
     * Waits until the committed state of {@code modelId} has seen {@code rows} rows, failing at once if one of
     * the {@code trainers} stopped.
     */
    void awaitRowsSeen(String modelId, long rows, Duration timeout, KafkaTrainer... trainers) {
        Await.until(timeout, "model " + modelId + " on " + modelsTopic() + " has seen " + rows + " rows", () -> {
            for (KafkaTrainer t : trainers) {
                assertRunning(t);
            }
            return rowsSeen(modelId) >= rows;
        }, () -> rowsSeen(modelId) + " rows");
    }

    /** Fails at once when the trainer stopped (rethrowing what stopped it), rather than at a timeout later. */
    static void assertRunning(KafkaTrainer trainer) {
        try {
            if (trainer.awaitTermination(Duration.ZERO)) {
                throw new AssertionError("the trainer stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Pipeline[" + name + " on " + broker.bootstrapServers() + "]";
    }
}
