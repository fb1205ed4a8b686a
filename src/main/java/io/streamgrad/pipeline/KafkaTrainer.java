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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static io.streamgrad.lifecycle.Closeables.closeAfterFailure;

/**
 * The streaming trainer: rows topic → decode → batch → train → publish, exactly once. Records are
 * received with backpressure (the receiver pauses partitions when training is slower than the input) in the
 * chunks the consumer polled; each chunk is decoded into a columnar {@link RecordBlock} on the receiver's emit
 * thread, overlapping training, and handed to the trainer thread, which cuts batches by count (and by time when
 * {@code training.max-wait-ms} > 0) and trains them with {@link TrainerCore}. Everything batches produce —
 * dead letters, loss records, and every {@code publish-every} batches the training states — is sent in Kafka
 * transactions together with the consumed offsets ({@link OutputTransactions}: one in flight while training
 * goes on). A restarted trainer restores the last committed states from the model topic and resumes from the
 * committed offsets, so a run killed at any point ends with the model of a run never killed (with count-based
 * batches).
 *
 * <h2>Rows in flight</h2>
 * At most {@code training.max-in-flight-rows} rows are taken from Kafka and not yet trained on: the chunk
 * size, the read-ahead and the receiver's buffer are cut from that bound ({@link InFlightBudget}).
 *
 * <h2>Rebalances</h2>
 * Records already on their way to the trainer when their partition is revoked or lost are dropped when they
 * arrive, even if the partition was assigned again meanwhile: the consumer fetches them again from the
 * committed offset. To tell them apart, each run of a partition's records is stamped as the receiver emits it
 * with its partition's current assignment (a new token per assignment), and only records of the current
 * assignment are trained on. Count-based batches are cut on the trainer thread from the records kept, so a
 * batch is always {@code batch-size} consecutive records of the stream, before and after a rebalance.
 *
 * <h2>Threading</h2>
 * {@link #start()} subscribes; batches are processed on the thread {@code streamgrad-trainer}; rebalance
 * callbacks hand their work to that thread and wait for it.
 *
 * <h2>Errors</h2>
 * A failed transaction or receiver stops the trainer; {@link #awaitTermination} rethrows the cause. Restarting
 * is the recovery: it resumes from the last commit.
 */
public final class KafkaTrainer implements AutoCloseable {
    /** The trainer's transaction timeout unless {@code kafka.client} sets one (ms). */
    public static final int TRANSACTION_TIMEOUT_MS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(KafkaTrainer.class);
    private final TrainerSettings settings;
    private final TrainerCore core;
    private final ModelTopicStore store;
    private final KafkaReceiver<byte[], byte[]> receiver;
    private final TransactionalSender<byte[], byte[]> sender;
    private final OutputTransactions transactions;
    private final TrainerListener listener;
    private final InFlightBudget budget;
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
    private final SliceQueue unbatched = new SliceQueue();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean tickScheduled = new AtomicBoolean();
    private volatile Throwable failure;
    private volatile long lastBatchNanos = System.nanoTime();
    private long receivedRows;
    private Disposable subscription;
    private Disposable ticks;

    /**
     * A trainer of {@code spec}'s models on the topics of {@code settings}, decoding rows with {@code decoder}.
     * Creates the transactional producer now (secrets resolved now); the consumer comes with {@link #start()}.
     * When creating fails part way (e.g. the producer's configuration is invalid), what was already created (the
     * receiver, the trainer thread) is closed before the failure propagates.
     *
     * @param listener called on the trainer thread for each batch and each commit
     */
    public KafkaTrainer(TrainerSettings settings, ModelSpec spec, RowDecoder decoder, TrainerListener listener) {
        this(settings, spec, decoder, listener, KafkaReceiver::create, TransactionalSender::create);
    }

    /** As the public constructor, creating the receiver and the sender with these (tests watch them close). */
    KafkaTrainer(TrainerSettings settings, ModelSpec spec, RowDecoder decoder, TrainerListener listener,
                 Function<ReceiverOptions<byte[], byte[]>, KafkaReceiver<byte[], byte[]>> receivers,
                 Function<SenderOptions<byte[], byte[]>, TransactionalSender<byte[], byte[]>> senders) {
        this.settings = settings;
        this.listener = listener;
        KafkaReceiver<byte[], byte[]> createdReceiver = null;
        TransactionalSender<byte[], byte[]> createdSender = null;
        try {
            Map<String, Object> client = settings.client().resolve(settings.secrets());
            this.store = new ModelTopicStore(client, settings.modelsTopic());
            this.core = new TrainerCore(spec, decoder, settings.publishEvery(), store);
            this.budget = InFlightBudget.of(settings.maxInFlightRows(), settings.batchSize());
            KafkaClientConfig consumerConfig = consumerConfig(settings, budget);
            createdReceiver = receivers.apply(ReceiverOptions.builder(consumerConfig, new ByteArrayDeserializer(),
                            new ByteArrayDeserializer())
                    .subscription(List.of(settings.rowsTopic()))
                    .bufferCapacity(budget.receiverCapacity())
                    .acknowledgements(false)
                    .rebalanceListener(new Rebalance())
                    .secretResolver(settings.secrets())
                    .build());
            createdSender = senders.apply(SenderOptions.builder(producerConfig(settings), new ByteArraySerializer(),
                    new ByteArraySerializer()).secretResolver(settings.secrets()).build());
            KafkaReceiver<byte[], byte[]> r = createdReceiver;
            this.transactions = new OutputTransactions(OutputTransactions.on(createdSender, r::groupMetadata),
                    new OutputRecords(settings)::of, listener);
        } catch (RuntimeException | Error e) {
            closeAfterFailure(e, createdSender, createdReceiver, trainerThread::dispose);
            throw e;
        }
        this.receiver = createdReceiver;
        this.sender = createdSender;
    }

    /** The consumer of the rows topic: read_committed, polls of one chunk, eager rebalances. */
    private static KafkaClientConfig consumerConfig(TrainerSettings settings, InFlightBudget budget) {
        return settings.client()
                .with(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId())
                .with(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .with(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .with(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, budget.chunkRecords())
                // Eager rebalances of the classic protocol: every partition is revoked (and its work committed)
                // before any is assigned. Incremental rebalances (group.protocol=consumer, cooperative
                // assignors) would keep partitions across a rebalance, which this trainer does not handle yet.
                .with(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
                .with(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        org.apache.kafka.clients.consumer.RangeAssignor.class.getName())
                .with(ConsumerConfig.CLIENT_ID_CONFIG, "streamgrad-trainer-" + settings.instanceId());
    }

    /**
     * The transactional producer of updates, loss records and dead letters; one transactional id per instance. Its
     * {@code transaction.timeout.ms} defaults to {@value #TRANSACTION_TIMEOUT_MS} (Kafka Streams' choice for exactly
     * once; the client's own default is 60 s): a transaction left open by an instance that died hides later
     * commits on the shared model topic from the others until the broker aborts it.
     */
    private static KafkaClientConfig producerConfig(TrainerSettings settings) {
        KafkaClientConfig client = settings.client();
        if (client.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG).isEmpty()) {
            client = client.with(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        }
        return client
                .with(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId())
                .with(ProducerConfig.CLIENT_ID_CONFIG, "streamgrad-trainer-tx-" + settings.instanceId());
    }


    /** Fences any predecessor with the same transactional id (aborting its open transaction), then trains. */
    public KafkaTrainer start() {
        sender.initTransactions().block(Duration.ofMinutes(2));
        subscription = receiver.receiveBatches()
                .map(this::decode)
                // One trainer-thread task per chunk, not publishOn: its drain loop would keep the thread as long as
                // chunks keep coming, starving the rebalance and close tasks queued behind it.
                .concatMap(chunk -> Mono.fromRunnable(() -> handleSafely(chunk)).subscribeOn(trainerThread),
                        InFlightBudget.PREFETCH_CHUNKS)
                .subscribe(ignored -> { }, this::fail, terminated::countDown);
        ticks = Flux.interval(tickPeriod(), tickPeriod()).subscribe(t -> scheduleTick());
        log.info("trainer {} started: {} -> models {}", settings.instanceId(), settings.rowsTopic(),
                settings.modelsTopic());
        return this;
    }

    /** How often the trainer thread looks at the clock: idle publication, and the maximum wait of a batch. */
    private Duration tickPeriod() {
        Duration idle = settings.idlePublish();
        if (settings.maxWaitMs() <= 0) {
            return idle;
        }
        Duration quarterWait = Duration.ofMillis(Math.max(1, settings.maxWaitMs() / 4));
        return quarterWait.compareTo(idle) < 0 ? quarterWait : idle;
    }

    /** One tick at a time waits for the trainer thread, however long it is busy. */
    private void scheduleTick() {
        if (failure == null && tickScheduled.compareAndSet(false, true)) {
            trainerThread.schedule(() -> {
                tickScheduled.set(false);
                try {
                    onTick();
                } catch (Throwable t) {
                    fail(t);
                    subscription.dispose();
                }
            });
        }
    }

    private void fail(Throwable t) {
        failure = t;
        log.error("trainer {} stopped: {}", settings.instanceId(), t.toString());
        terminated.countDown();
    }

    /** A chunk of received records decoded, with each partition's run stamped with its current assignment. */
    private record Chunk(List<StampedRun> runs) {
    }

    /**
     * Consecutive records of one partition and that partition's assignment when the receiver emitted them (null:
     * none). A partition's records are fetched only after {@code onPartitionsAssigned} put its new token, and
     * the receiver drops a partition's buffered records before {@code onPartitionsRevoked}, so a run carries the
     * token of the assignment that fetched it, or none.
     */
    private record StampedRun(BlockSlice slice, TopicPartition partition, Object assignment) {
    }

    /** Runs on the receiver's emit thread: decoding there overlaps training. */
    private Chunk decode(List<ReceiverRecord<byte[], byte[]>> records) {
        RecordBlock.Builder builder = RecordBlock.builder(core.decoder(), records.size(),
                i -> toSource(records.get(i)));
        for (ReceiverRecord<byte[], byte[]> r : records) {
            ConsumerRecord<byte[], byte[]> c = r.record();
            builder.add(c.topic(), c.partition(), c.offset(), c.key(), c.value());
        }
        RecordBlock block = builder.build();
        List<StampedRun> runs = new ArrayList<>(1);
        for (BlockSlice run : block.partitionRuns()) {
            TopicPartition tp = new TopicPartition(block.topic(run.from()), block.partition(run.from()));
            runs.add(new StampedRun(run, tp, assignments.get(tp)));
        }
        return new Chunk(runs);
    }

    /** Any throwable, even an Error, ends the trainer with a failure instead of killing its thread silently. */
    private void handleSafely(Chunk chunk) {
        try {
            handle(chunk);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new TrainerFailedException("trainer " + settings.instanceId() + " hit " + t, t);
        }
    }

    private void handle(Chunk chunk) {
        long now = System.nanoTime();
        for (StampedRun run : chunk.runs()) {
            // Records of an earlier assignment come again from the committed offset, here or at the new owner.
            if (run.assignment() != null && run.assignment() == assignments.get(run.partition())) {
                unbatched.add(run.slice(), now);
            }
        }
        while (unbatched.size() >= settings.batchSize()) {
            train(unbatched.take(settings.batchSize()));
        }
        flushIfWaitedTooLong(now);
        transactions.reap();
    }

    /** Time-based batches: a partial batch whose oldest row waited {@code max-wait-ms} is trained as it is. */
    private void flushIfWaitedTooLong(long now) {
        if (settings.maxWaitMs() > 0 && !unbatched.isEmpty()
                && unbatched.oldestWaitNanos(now) >= settings.maxWaitMs() * 1_000_000L) {
            train(unbatched.take(unbatched.size()));
        }
    }

    private void train(List<BlockSlice> batch) {
        lastBatchNanos = System.nanoTime();
        BatchResult result = core.processBlocks(batch);
        for (BlockSlice s : batch) {
            receivedRows += s.size();
        }
        transactions.add(result);
        listener.onBatch(result, receivedRows);
        if (result.publishDue()) {
            transactions.commitAsync();
        }
    }

    private void onTick() {
        if (failure != null) {
            return;   // a tick queued before the trainer stopped: train and commit nothing more
        }
        long now = System.nanoTime();
        flushIfWaitedTooLong(now);
        transactions.reap();
        boolean idle = now - lastBatchNanos >= settings.idlePublish().toNanos();
        if (idle && (core.hasUnpublished() || transactions.hasPending())) {
            transactions.add(core.publications());
            transactions.commitNow();
        }
    }

    /** The pipeline's view of {@code r}: every header kept, in order, repeated keys included. */
    static SourceRecord toSource(ReceiverRecord<byte[], byte[]> r) {
        List<SourceRecord.Header> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(new SourceRecord.Header(h.key(), h.value()));
        }
        return new SourceRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers);
    }

    /** Forgets the untrained records of partitions that left: they are fetched again from the committed offset. */
    private void dropUnbatched(Collection<TopicPartition> partitions) {
        unbatched.removeIf(s -> partitions.contains(new TopicPartition(s.block().topic(s.from()),
                s.block().partition(s.from()))));
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
                if (failure != null) {
                    // A stopped trainer's consumer revokes as it closes. The failed batch may have trained some
                    // models part way (and a diverged one's counters and scalers): commit nothing, the restart
                    // resumes from the last commit.
                    transactions.discardPending();
                } else {
                    transactions.add(core.publications());
                    transactions.commitNow();
                }
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
                transactions.discardPending();
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

    /**
     * The consumer of the rows topic (e.g. to bind its metrics through {@link KafkaReceiver#withConsumer}). The
     * trainer subscribes to it; do not subscribe, seek or commit.
     */
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
                        transactions.add(core.publications());
                    }
                    transactions.commitNow();
                });
            } catch (RuntimeException e) {
                log.warn("trainer {}: final commit failed: {}", settings.instanceId(), e.toString());
            }
        }
        if (ticks != null) {
            ticks.dispose();
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
