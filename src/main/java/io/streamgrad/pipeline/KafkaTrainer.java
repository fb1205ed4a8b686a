package io.streamgrad.pipeline;

import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.kafka.KafkaReceiver;
import io.streamgrad.kafka.PartitionSeeker;
import io.streamgrad.kafka.RebalanceListener;
import io.streamgrad.kafka.ReceiverOptions;
import io.streamgrad.kafka.ReceiverRecord;
import io.streamgrad.kafka.SenderOptions;
import io.streamgrad.kafka.TransactionalSender;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The streaming trainer: rows topic → decode → batch → train → publish, exactly once. Records are
 * received with backpressure (the receiver pauses partitions when training is slower than the input),
 * batched by count (and by time when {@code training.max-wait-ms} > 0), and trained on one trainer thread by
 * {@link TrainerCore}. Everything a batch produces — dead letters, loss records, and every
 * {@code publish-every} batches the training states — is sent in one Kafka transaction together with the
 * consumed offsets. A restarted trainer restores the last committed states from the model topic and
 * resumes from the committed offsets, so a run killed at any point ends with the model of a run never killed
 * (with count-based batches).
 *
 * <p>Rebalances: records already on their way to the trainer when their partition is revoked or lost (in the
 * batcher, in the queues between operators) are dropped when they arrive, even if the partition was assigned
 * again meanwhile: the consumer fetches them again from the committed offset. To tell them apart, each record
 * is stamped as the receiver emits it with its partition's current assignment (a new token per assignment),
 * and only records of the current assignment are trained on. Count-based batches are cut on the trainer
 * thread from the records kept, so a batch is always {@code batch-size} consecutive records of the stream,
 * before and after a rebalance.
 *
 * <p>Threading: {@link #start()} subscribes; records are processed on the thread {@code streamgrad-trainer};
 * rebalance callbacks hand their work to that thread and wait for it.
 *
 * <p>Errors: a failed transaction or receiver stops the trainer; {@link #awaitTermination} rethrows the
 * cause. Restarting is the recovery: it resumes from the last commit.
 */
public final class KafkaTrainer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaTrainer.class);
    private static final Object TICK = new Object();
    /**
     * With count-based batches, the longest records wait in transit before they reach the trainer thread, which
     * cuts the batches. It bounds latency only: batches are cut by count there, whatever the transit chunks.
     */
    private static final Duration TRANSIT_WAIT = Duration.ofMillis(100);

    private final TrainerSettings settings;
    private final TrainerCore core;
    private final ModelTopicStore store;
    private final KafkaReceiver<byte[], byte[]> receiver;
    private final TransactionalSender<byte[], byte[]> sender;
    private final TrainerListener listener;
    /** A plain executor, not Reactor's non-blocking single scheduler: committing blocks on the transaction. */
    private final Scheduler trainerThread = Schedulers.fromExecutorService(
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "streamgrad-trainer");
                t.setDaemon(true);
                return t;
            }), "streamgrad-trainer");
    /** The current assignment of each assigned partition: a new token each time the partition is assigned. */
    private final Map<TopicPartition, Object> assignments = new ConcurrentHashMap<>();
    /** Records of current assignments received but not yet trained on (trainer thread). */
    private final List<TrainerCore.DecodedRecord> unbatched = new ArrayList<>();
    private final List<Output> pending = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new LinkedHashMap<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile long lastBatchNanos = System.nanoTime();
    private long receivedRows;
    private Disposable subscription;

    public KafkaTrainer(TrainerSettings settings, ModelSpec spec, RowDecoder decoder, TrainerListener listener) {
        this.settings = settings;
        this.listener = listener;
        Map<String, Object> client = settings.client().resolve(settings.secrets());
        this.store = new ModelTopicStore(client, settings.modelsTopic());
        this.core = new TrainerCore(spec, decoder, settings.publishEvery(), store);
        KafkaClientConfig consumerConfig = settings.client()
                .with(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId())
                .with(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .with(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                // Eager rebalances of the classic protocol: every partition is revoked (and its work committed)
                // before any is assigned. Incremental rebalances (group.protocol=consumer, cooperative
                // assignors) would keep partitions across a rebalance, which this trainer does not handle yet.
                .with(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
                .with(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        org.apache.kafka.clients.consumer.RangeAssignor.class.getName())
                .with(ConsumerConfig.CLIENT_ID_CONFIG, "streamgrad-trainer-" + settings.instanceId());
        this.receiver = KafkaReceiver.create(ReceiverOptions.builder(consumerConfig, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())
                .subscription(List.of(settings.rowsTopic()))
                .bufferCapacity(settings.maxInFlightRows())
                .rebalanceListener(new Rebalance())
                .secretResolver(settings.secrets())
                .build());
        KafkaClientConfig producerConfig = settings.client()
                .with(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId())
                .with(ProducerConfig.CLIENT_ID_CONFIG, "streamgrad-trainer-tx-" + settings.instanceId());
        this.sender = TransactionalSender.create(SenderOptions.builder(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer()).secretResolver(settings.secrets()).build());
    }

    /** Fences any predecessor with the same transactional id (aborting its open transaction), then trains. */
    public KafkaTrainer start() {
        sender.initTransactions().block(Duration.ofMinutes(2));
        // Decoding runs on the receiver's emit thread, overlapping with training on the trainer thread.
        Flux<Stamped> decoded = receiver.receive()
                .map(r -> new Stamped(core.decode(toSource(r)), assignments.get(r.topicPartition())));
        // Never a count-only buffer here: records of a revoked partition must not wait in it for more records.
        Flux<List<Stamped>> batches = decoded.bufferTimeout(settings.batchSize(),
                settings.maxWaitMs() > 0 ? Duration.ofMillis(settings.maxWaitMs()) : TRANSIT_WAIT);
        Flux<Object> ticks = Flux.interval(settings.idlePublish(), settings.idlePublish()).onBackpressureDrop()
                .map(t -> TICK);
        subscription = Flux.merge(1, batches.cast(Object.class), ticks)
                .concatMap(item -> Mono.fromRunnable(() -> handleSafely(item)).subscribeOn(trainerThread), 1)
                .subscribe(ignored -> { }, this::fail, terminated::countDown);
        log.info("trainer {} started: {} -> models {}", settings.instanceId(), settings.rowsTopic(),
                settings.modelsTopic());
        return this;
    }

    private void fail(Throwable t) {
        failure = t;
        log.error("trainer {} stopped: {}", settings.instanceId(), t.toString());
        terminated.countDown();
    }

    /** Any throwable, even an Error, ends the trainer with a failure instead of killing its thread silently. */
    private void handleSafely(Object item) {
        try {
            handle(item);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new TrainerFailedException("trainer " + settings.instanceId() + " hit " + t, t);
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(Object item) {
        if (item == TICK) {
            publishIfIdle();
            return;
        }
        for (Stamped s : (List<Stamped>) item) {
            // Records of an earlier assignment come again from the committed offset, here or at the new owner.
            if (s.assignment() != null && s.assignment() == assignments.get(partitionOf(s.record()))) {
                unbatched.add(s.record());
            }
        }
        // Time-based batches: the batcher chose this batch. Count-based: exactly batch-size records each.
        int size = settings.maxWaitMs() > 0 ? unbatched.size() : settings.batchSize();
        while (!unbatched.isEmpty() && unbatched.size() >= size) {
            List<TrainerCore.DecodedRecord> taken = unbatched.subList(0, size);
            List<TrainerCore.DecodedRecord> batch = List.copyOf(taken);
            taken.clear();
            train(batch);
        }
    }

    private void train(List<TrainerCore.DecodedRecord> batch) {
        lastBatchNanos = System.nanoTime();
        receivedRows += batch.size();
        BatchResult result = core.processDecoded(batch);
        pending.addAll(result.outputs());
        result.nextOffsets().forEach((tp, next) ->
                pendingOffsets.put(new TopicPartition(tp.topic(), tp.partition()), new OffsetAndMetadata(next)));
        listener.onBatch(result, receivedRows);
        if (result.publishDue()) {
            commit();
        }
    }

    private void publishIfIdle() {
        boolean idle = System.nanoTime() - lastBatchNanos >= settings.idlePublish().toNanos();
        if (idle && (core.hasUnpublished() || !pending.isEmpty())) {
            pending.addAll(core.publications());
            commit();
        }
    }

    /** Sends everything pending and the consumed offsets in one transaction; blocks until it committed. */
    private void commit() {
        if (pending.isEmpty() && pendingOffsets.isEmpty()) {
            return;
        }
        List<Output> outputs = List.copyOf(pending);
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(pendingOffsets);
        long start = System.nanoTime();
        sender.inTransaction(tx -> {
            for (Output o : outputs) {
                tx.send(toProducerRecord(o));
            }
            if (!offsets.isEmpty()) {
                tx.sendOffsets(offsets, receiver.groupMetadata());
            }
            return Boolean.TRUE;
        }).block();
        pending.clear();
        pendingOffsets.clear();
        List<Output.ModelPublication> published = new ArrayList<>();
        for (Output o : outputs) {
            if (o instanceof Output.ModelPublication p) {
                published.add(p);
            }
        }
        listener.onCommitted(published, System.nanoTime() - start);
    }

    private ProducerRecord<byte[], byte[]> toProducerRecord(Output o) {
        return switch (o) {
            case Output.ModelPublication p -> new ProducerRecord<>(settings.modelsTopic(), bytes(p.modelId()), p.state());
            case Output.Metric m -> new ProducerRecord<>(settings.metricsTopic(), bytes(m.modelId()), bytes(m.json()));
            case Output.DeadLetter d -> deadLetter(d);
        };
    }

    /** The original key, value and headers, plus the reason and where the record came from. */
    private ProducerRecord<byte[], byte[]> deadLetter(Output.DeadLetter d) {
        List<Header> headers = new ArrayList<>();
        d.source().headers().forEach((k, v) -> headers.add(new RecordHeader(k, v)));
        headers.add(new RecordHeader(DeadLetterHeaders.REASON, bytes(d.reason())));
        headers.add(new RecordHeader(DeadLetterHeaders.SOURCE_TOPIC, bytes(d.source().topic())));
        headers.add(new RecordHeader(DeadLetterHeaders.SOURCE_PARTITION, bytes(Integer.toString(d.source().partition()))));
        headers.add(new RecordHeader(DeadLetterHeaders.SOURCE_OFFSET, bytes(Long.toString(d.source().offset()))));
        return new ProducerRecord<>(settings.deadLetterTopic(), null, d.source().key(), d.source().value(), headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SourceRecord toSource(ReceiverRecord<byte[], byte[]> r) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value());
        }
        return new SourceRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers);
    }

    private static TopicPartition partitionOf(TrainerCore.DecodedRecord r) {
        return new TopicPartition(r.source().topic(), r.source().partition());
    }

    /** Forgets the untrained records of partitions that left: they are fetched again from the committed offset. */
    private void dropUnbatched(Collection<TopicPartition> partitions) {
        unbatched.removeIf(r -> partitions.contains(partitionOf(r)));
    }

    /**
     * A received record and its partition's assignment when the receiver emitted it (null: none). A partition's
     * records are fetched only after {@code onPartitionsAssigned} put its new token, and the receiver drops a
     * partition's buffered records before {@code onPartitionsRevoked}, so a record carries the token of the
     * assignment that fetched it, or none.
     */
    private record Stamped(TrainerCore.DecodedRecord record, Object assignment) {
    }

    /** Runs {@code work} on the trainer thread and waits for it (rebalance callbacks run on the poll thread). */
    private void onTrainerThread(Runnable work) {
        Mono.fromRunnable(work).subscribeOn(trainerThread).block(Duration.ofMinutes(2));
    }

    /** Keeps the assignment, flushes before partitions leave, restores before they arrive. */
    private final class Rebalance implements RebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions, PartitionSeeker seeker) {
            onTrainerThread(() -> {
                store.refresh();
                core.forgetModels();
                partitions.forEach(tp -> assignments.put(tp, new Object()));
            });
            log.info("trainer {} assigned {}", settings.instanceId(), partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(assignments::remove);
            onTrainerThread(() -> {
                pending.addAll(core.publications());
                commit();
                core.forgetModels();
                dropUnbatched(partitions);
            });
            log.info("trainer {} revoked {}", settings.instanceId(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: nothing may be committed; restart from the last commit.
            partitions.forEach(assignments::remove);
            onTrainerThread(() -> {
                pending.clear();
                pendingOffsets.clear();
                core.forgetModels();
                dropUnbatched(partitions);
            });
        }
    }

    /** Waits until the trainer stopped; rethrows what stopped it. Returns false on timeout. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        boolean done = terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (failure != null) {
            throw new TrainerFailedException("trainer " + settings.instanceId() + " stopped: " + failure, failure);
        }
        return done;
    }

    /**
     * Records on the assigned partitions not yet consumed (the consumer's view: log end minus position),
     * or NaN when it cannot be read within a second. Blocks briefly: call it from a metrics scrape.
     */
    public double consumerLag() {
        try {
            Double lag = receiver.withConsumer(c -> {
                double total = 0;
                for (TopicPartition tp : c.assignment()) {
                    total += c.currentLag(tp).orElse(0L);
                }
                return total;
            }).block(Duration.ofSeconds(1));
            return lag == null ? Double.NaN : lag;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The models trained in this process (for progress displays; read on the trainer thread or after close). */
    public TrainerCore core() {
        return core;
    }

    public KafkaReceiver<byte[], byte[]> receiver() {
        return receiver;
    }

    /** The transactional producer of updates, loss records and dead letters (e.g. to bind its metrics). */
    public TransactionalSender<byte[], byte[]> sender() {
        return sender;
    }

    /** Publishes what is unpublished, commits, and stops; leaves the consumer group. */
    @Override
    public void close() {
        if (subscription != null && failure == null) {
            try {
                onTrainerThread(() -> {
                    if (core.hasUnpublished()) {
                        pending.addAll(core.publications());
                    }
                    commit();
                });
            } catch (RuntimeException e) {
                log.warn("trainer {}: final commit failed: {}", settings.instanceId(), e.toString());
            }
        }
        if (subscription != null) {
            subscription.dispose();
        }
        receiver.close();
        sender.close();
        trainerThread.dispose();
        terminated.countDown();
    }
}
