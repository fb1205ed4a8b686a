package io.streamgrad.kafka.internal;

import io.streamgrad.kafka.ReceiverOptions;
import io.streamgrad.kafka.ReceiverRecord;
import io.streamgrad.kafka.ReceiverStatus;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One subscription of a receiver: a dedicated poll thread that creates, drives and closes one consumer.
 *
 * <p>Each turn of the loop runs the tasks other threads handed in, pauses or resumes partitions for the
 * current demand ({@link FlowControl}), commits acknowledged offsets when due ({@link OffsetCommitter}),
 * then polls: for up to {@code pollTimeout} while fetching; while paused, without blocking, after which it
 * waits up to 20 ms in {@link IdleWait}, which new demand, room for a whole poll in the buffer, a task or a
 * stop cut short. Either way the consumer is polled continuously, whatever the subscriber does, so a slow
 * subscriber never makes it exceed {@code max.poll.interval.ms}.
 *
 * <p>The loop ends when {@link #stop()} is called (close or cancel) or on a fatal error; a
 * {@link RetriableException} is logged and retried after 100 ms. On the way out it fails pending tasks,
 * commits acknowledged offsets (unless it failed), closes the consumer within {@code closeTimeout}, marks
 * itself terminated, and only then completes or fails the subscriber.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class PollLoop<K, V> {
    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(100);
    /**
     * How often a paused consumer is polled. It still must be polled to take part in rebalances (each
     * join/sync step completes in a poll) and to stay within max.poll.interval.ms; 20 ms keeps a rebalance
     * of a paused member quick at the cost of 50 cheap polls per second.
     */
    private static final Duration PAUSED_POLL_INTERVAL = Duration.ofMillis(20);

    private final ReceiverOptions<K, V> options;
    private final Function<Map<String, Object>, Consumer<K, V>> consumerFactory;
    private final RecordBuffer<K, V> buffer;
    private final RecordEmitter<K, V> emitter;
    private final IdleWait idle = new IdleWait();
    private final ConsumerTasks<K, V> tasks = new ConsumerTasks<>(idle::signal);
    private final OffsetTracker tracker = new OffsetTracker();
    private final FlowControl flow;
    private final OffsetCommitter committer;
    private final Thread thread;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Duration pausedPollInterval;
    private final Runnable notAcknowledgeable;
    private volatile boolean stopRequested;
    private volatile long polls;
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile Set<TopicPartition> paused = Set.of();
    private volatile ConsumerGroupMetadata groupMetadata;
    /** The offsets of one partition's polled records, handed to {@link PartitionOffsets#trackAll}; reused. */
    private long[] polledOffsets = new long[0];

    /** A subscription that emits to {@code downstream} what it takes per element (a record or a list). */
    public PollLoop(ReceiverOptions<K, V> options, Function<Map<String, Object>, Consumer<K, V>> consumerFactory,
                    Downstream<K, V, ?> downstream) {
        this.options = options;
        this.consumerFactory = consumerFactory;
        String threads = "kafka-receiver-" + options.clientId();
        this.flow = new FlowControl(options.bufferCapacity(), options.maxPollRecords(), downstream.recordsPerElement());
        // New demand and new room in the buffer are the two changes that can let a paused poll thread fetch.
        this.buffer = new RecordBuffer<>(flow.roomForAPoll(), idle::signal);
        this.emitter = new RecordEmitter<>(downstream, buffer, threads + "-emit", idle::signal, this::stop);
        this.committer = new OffsetCommitter(tracker, options.commitInterval(), options.describe());
        this.pausedPollInterval = options.pollTimeout().compareTo(PAUSED_POLL_INTERVAL) < 0
                ? options.pollTimeout() : PAUSED_POLL_INTERVAL;
        this.notAcknowledgeable = () -> {
            throw new IllegalStateException(options.describe() + " was built with acknowledgements(false): its"
                    + " offsets are committed in transactions (Transaction.sendOffsets with nextOffsets), so records"
                    + " cannot be acknowledged. Build it with acknowledgements(true) to have the receiver commit.");
        };
        this.thread = Thread.ofPlatform().name(threads + "-poll").daemon().unstarted(this::run);
    }

    /** Gives the subscriber its subscription, then starts the poll thread. */
    public void start() {
        emitter.subscribe();
        thread.start();
    }

    /**
     * Ends a loop that was never started and never will be (its receiver was closed meanwhile): no consumer is
     * created, the subscriber has not subscribed (the caller signals it), and the loop is terminated at once.
     *
     * @throws IllegalStateException if the loop was started
     */
    public void abandon() {
        if (thread.getState() != Thread.State.NEW) {
            throw new IllegalStateException(options.describe() + ": a started poll loop cannot be abandoned; stop it");
        }
        terminated.countDown();
    }

    /** Asks the loop to end gracefully (within one pollTimeout plus closeTimeout); returns at once. */
    public void stop() {
        stopRequested = true;
        idle.signal();
    }

    /**
     * Waits until the loop has ended: the consumer is closed; the subscriber's terminal signal is handed to
     * the emit thread right after.
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the loop has ended: the consumer is closed. True before the subscriber gets its terminal signal,
     * so that a subscriber may subscribe to the receiver again from that signal.
     */
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /** True when called on this loop's poll thread. */
    public boolean onPollThread() {
        return Thread.currentThread() == thread;
    }

    /** Commits all acknowledged offsets now; emits what it committed. */
    public Mono<Map<TopicPartition, OffsetAndMetadata>> commitAcknowledged() {
        return tasks.submitAsync((consumer, sink) -> committer.commitAsync(consumer, tracker.uncommitted(),
                (offsets, error) -> {
                    if (error == null) {
                        sink.success(offsets);
                    } else {
                        sink.error(error);
                    }
                }));
    }

    /** Commits exactly these offsets. */
    public Mono<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        return tasks.submitAsync((consumer, sink) -> committer.commitAsync(consumer, copy, (done, error) -> {
            if (error == null) {
                sink.success();
            } else {
                sink.error(error);
            }
        }));
    }

    /**
     * Continues reading these partitions at these offsets: their buffered records are discarded and their
     * acknowledgement bookkeeping restarts (acks of records polled before the seek are ignored).
     */
    public Mono<Void> seek(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> copy = Map.copyOf(offsets);
        return tasks.submit(consumer -> {
            copy.forEach(consumer::seek);
            discard(buffer.removePartitions(copy.keySet()));
            tracker.retire(copy.keySet());
            return null;
        });
    }

    /** Runs {@code work} with the consumer on the poll thread. */
    public <T> Mono<T> withConsumer(Function<Consumer<K, V>, T> work) {
        return tasks.submit(work);
    }

    /** The consumer's group metadata as of the last poll. */
    public Optional<ConsumerGroupMetadata> groupMetadata() {
        return Optional.ofNullable(groupMetadata);
    }

    /** A snapshot of the loop's flow control, read without stopping the poll thread. */
    public ReceiverStatus status() {
        return new ReceiverStatus(!isTerminated(), polls, buffer.size(), buffer.maxSize(), options.bufferCapacity(),
                assignment, paused, emitter.emitted());
    }

    private void run() {
        Consumer<K, V> consumer = null;
        Throwable failure = null;
        try {
            consumer = consumerFactory.apply(options.consumerProperties());
            tasks.attach(consumer);
            subscribe(consumer);
            log.info("{} started with {}", options.describe(), options.config());
            loop(consumer);
        } catch (Throwable t) {
            failure = t;
        }
        shutDown(consumer, failure);
    }

    private void subscribe(Consumer<K, V> consumer) {
        RebalanceBridge<K, V> bridge = new RebalanceBridge<>(consumer, options.rebalanceListener(), buffer, tracker,
                committer, flow, this::discard, options.closeTimeout());
        if (options.topics().isEmpty()) {
            consumer.assign(options.assignment());
            bridge.onPartitionsAssigned(options.assignment());
        } else {
            consumer.subscribe(options.topics(), bridge);
        }
    }

    private void loop(Consumer<K, V> consumer) throws InterruptedException {
        while (!stopRequested) {
            try {
                tasks.runPending();
                flow.apply(consumer, emitter.outstandingDemand(), buffer.size());
                committer.maybeCommit(consumer);
                boolean fetching = flow.fetching();
                ConsumerRecords<K, V> polled = consumer.poll(fetching ? options.pollTimeout() : Duration.ZERO);
                polls++;
                afterPoll(consumer, polled);
                if (!fetching && polled.isEmpty()) {
                    // Paused: wait for demand here rather than in poll, so that a request wakes us at once.
                    idle.await(pausedPollInterval);
                }
            } catch (RetriableException e) {
                log.warn("{}: retriable error, retrying in {} ms: {}", options.describe(), RETRY_BACKOFF.toMillis(), e.toString());
                Thread.sleep(RETRY_BACKOFF.toMillis());
            }
        }
    }

    private void afterPoll(Consumer<K, V> consumer, ConsumerRecords<K, V> polled) {
        assignment = Set.copyOf(consumer.assignment());
        paused = Set.copyOf(consumer.paused());
        if (options.groupId().isPresent()) {
            groupMetadata = consumer.groupMetadata();
        }
        if (polled.isEmpty()) {
            return;
        }
        buffer.addAll(options.acknowledgements() ? trackedRecords(polled) : untrackedRecords(polled));
        emitter.recordsAdded();
    }

    /** The polled records, acknowledgeable: each partition's offsets are tracked before any record is buffered. */
    private List<ReceiverRecord<K, V>> trackedRecords(ConsumerRecords<K, V> polled) {
        List<ReceiverRecord<K, V>> records = new ArrayList<>(polled.count());
        for (TopicPartition partition : polled.partitions()) {
            PartitionOffsets offsets = tracker.forPartition(partition);
            List<ConsumerRecord<K, V>> partitionRecords = polled.records(partition);
            long[] tracked = offsetsArray(partitionRecords.size());
            int count = 0;
            for (ConsumerRecord<K, V> record : partitionRecords) {
                long offset = record.offset();
                tracked[count++] = offset;
                records.add(ReceiverRecord.of(record, () -> offsets.acknowledge(offset)));
            }
            // One lock per partition and poll rather than per record. Tracked before the records are
            // buffered, so no acknowledgement can come before its record is tracked.
            offsets.trackAll(tracked, count);
        }
        return records;
    }

    /** The polled records of a receiver without acknowledgements: nothing tracked, acknowledge() refused. */
    private List<ReceiverRecord<K, V>> untrackedRecords(ConsumerRecords<K, V> polled) {
        List<ReceiverRecord<K, V>> records = new ArrayList<>(polled.count());
        for (ConsumerRecord<K, V> record : polled) {
            records.add(ReceiverRecord.of(record, notAcknowledgeable));
        }
        return records;
    }

    private long[] offsetsArray(int size) {
        if (polledOffsets.length < size) {
            polledOffsets = new long[Math.max(size, options.maxPollRecords())];
        }
        return polledOffsets;
    }

    private void shutDown(Consumer<K, V> consumer, Throwable failure) {
        Throwable cause = failure;
        try {
            tasks.close(new IllegalStateException(options.describe()
                    + (failure == null ? " is closed" : " failed: " + failure)));
            if (consumer != null) {
                if (failure == null) {
                    committer.commitSync(consumer, tracker.uncommitted(), options.closeTimeout());
                }
                closeQuietly(consumer);
            }
        } catch (Throwable t) {
            // The subscriber must hear the end whatever happens here: report the first problem.
            cause = cause != null ? cause : t;
        } finally {
            assignment = Set.of();
            paused = Set.of();
            // Over before the subscriber hears of it: one that subscribes again from onError or onComplete
            // (retry, repeat) must find this loop terminated, or the receiver refuses it as a second subscriber.
            terminated.countDown();
            signalEnd(cause);
        }
    }

    private void signalEnd(Throwable failure) {
        if (failure == null) {
            log.info("{} closed", options.describe());
            emitter.complete();
        } else {
            log.warn("{} failed: {}", options.describe(), failure.toString());
            emitter.error(ReceiverErrors.explain(options.describe(), failure));
        }
    }

    private void closeQuietly(Consumer<K, V> consumer) {
        try {
            consumer.close(CloseOptions.timeout(options.closeTimeout()));
        } catch (RuntimeException e) {
            log.warn("{}: closing the consumer failed: {}", options.describe(), e.toString());
        }
    }

    private void discard(List<ReceiverRecord<K, V>> records) {
        emitter.discard(records);
    }
}
