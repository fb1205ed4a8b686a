package io.streamgrad.kafka;

import io.streamgrad.kafka.internal.Downstream;
import io.streamgrad.kafka.internal.PollLoop;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A reactive receiver of Kafka records: one {@link KafkaConsumer} on one dedicated poll thread, exposed as
 * a {@link Flux} that honours downstream demand: of single records ({@link #receive()}), or of lists of
 * records, normally one poll each ({@link #receiveBatches()}), which spares a high-rate subscriber
 * Reactor's per-record signalling.
 *
 * <h2>Threading</h2>
 * Subscribing to {@link #receive()} or {@link #receiveBatches()} starts a platform thread
 * {@code kafka-receiver-<client.id>-poll} that creates the consumer and is the only thread that ever calls
 * it ({@code KafkaConsumer} is not thread-safe). The other methods hand their work to that thread through a
 * queue; it runs between two polls, so within {@code pollTimeout} (at once while paused). Records (or lists)
 * are emitted on a second thread, {@code kafka-receiver-<client.id>-emit}, so a slow subscriber never blocks
 * polling. Results of {@link #commit()}, {@link #seek} and {@link #withConsumer} are signalled on Reactor's
 * parallel scheduler. {@link RebalanceListener} callbacks run on the poll thread.
 *
 * <h2>Backpressure</h2>
 * Demand counts elements: records for {@link #receive()}, lists for {@link #receiveBatches()}. The poll
 * thread converts it to records by the most records one element may hold (1 for a record,
 * {@code max.poll.records} for a list), and fetches only while that outstanding demand in records exceeds
 * the records it has buffered and a whole poll ({@code max.poll.records}) fits in
 * {@link ReceiverOptions#bufferCapacity()}; otherwise it pauses all assigned partitions and keeps polling,
 * so the consumer stays in its group and {@code max.poll.interval.ms} is never exceeded, however slow the
 * subscriber. In batch mode, one requested list thus lets the receiver fetch one poll. In both modes,
 * records polled but not yet emitted never exceed {@code bufferCapacity}
 * ({@link ReceiverStatus#maxBufferedRecords()} proves it), and {@link ReceiverStatus#emittedRecords()}
 * counts records, not lists.
 * (Below that, the consumer's own fetch buffer holds raw batches, bounded in bytes by {@code fetch.max.bytes}
 * and {@code max.partition.fetch.bytes}; a paused partition keeps what was fetched for it.) New demand,
 * and emitted records making room for a whole poll, wake a paused poll thread at once.
 *
 * <h2>Offsets</h2>
 * Nothing is committed unless acknowledged ({@link ReceiverRecord#acknowledge()}); per partition the
 * receiver commits up to the first unacknowledged record, every {@link ReceiverOptions#commitInterval()},
 * on {@link #commit()}, before a partition is revoked, and at close. For exactly-once, don't acknowledge:
 * send {@link ReceiverRecord#nextOffsets} with {@link #groupMetadata()} in the transaction
 * ({@link Transaction#sendOffsets}). Defaults to {@code isolation.level=read_committed}.
 *
 * <h2>Errors</h2>
 * A fatal consumer error (configuration, authentication, authorization, deserialization, a throwing
 * {@link RebalanceListener}) closes the consumer and terminates the Flux with a {@link ReceiverException}
 * that explains it, its cause being Kafka's exception. Retriable errors are logged and retried. Records
 * buffered at that moment are discarded (Reactor's discard hook); they were not acknowledged, so they are
 * not committed and will be received again. In batch mode too, the discard hook gets the
 * {@link ReceiverRecord}s one by one (they were never part of a list).
 *
 * <h2>Cancellation and close</h2>
 * Cancelling the subscription, or {@link #close()}, stops the poll thread within {@code pollTimeout}; it
 * commits acknowledged offsets, closes the consumer within {@code closeTimeout} (leaving the group), and
 * then, for {@code close()}, completes the Flux. After a subscription ends, {@link #receive()} or
 * {@link #receiveBatches()} may be subscribed again (e.g. by {@code retryWhen}): a new consumer is created.
 * One subscription at a time, across both methods.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KafkaReceiver<K, V> implements AutoCloseable {
    /** Time allowed beyond pollTimeout + closeTimeout for close() before it gives up waiting. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);

    private final ReceiverOptions<K, V> options;
    private final Function<Map<String, Object>, Consumer<K, V>> consumerFactory;
    private final AtomicReference<PollLoop<K, V>> current = new AtomicReference<>();
    private volatile boolean closed;

    private KafkaReceiver(ReceiverOptions<K, V> options, Function<Map<String, Object>, Consumer<K, V>> consumerFactory) {
        this.options = options;
        this.consumerFactory = consumerFactory;
    }

    /**
     * A receiver with these options; no consumer exists until {@link #receive()} or {@link #receiveBatches()}
     * is subscribed.
     */
    public static <K, V> KafkaReceiver<K, V> create(ReceiverOptions<K, V> options) {
        Objects.requireNonNull(options, "options");
        return create(options,
                props -> new KafkaConsumer<>(props, options.keyDeserializer(), options.valueDeserializer()));
    }

    /** A receiver whose poll thread creates its consumer with {@code consumerFactory}: for tests without a broker. */
    static <K, V> KafkaReceiver<K, V> create(ReceiverOptions<K, V> options,
                                             Function<Map<String, Object>, Consumer<K, V>> consumerFactory) {
        return new KafkaReceiver<>(Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(consumerFactory, "consumerFactory"));
    }

    /**
     * The records, as demand allows. Cold: each subscription creates a consumer (one subscription at a
     * time; a second concurrent one fails with {@link IllegalStateException}). Never completes by itself;
     * completes on {@link #close()}, fails with {@link ReceiverException}.
     */
    public Flux<ReceiverRecord<K, V>> receive() {
        return new Flux<>() {
            @Override
            public void subscribe(CoreSubscriber<? super ReceiverRecord<K, V>> actual) {
                attach(actual, Downstream.records(actual));
            }
        };
    }

    /**
     * The records in lists, as demand allows: each element is a non-empty, unmodifiable list of at most
     * {@code max.poll.records} records, in the order they were polled (a poll's records partition by
     * partition, each partition's in offset order). Demand counts lists; one requested list lets the receiver
     * fetch one poll. A list holds what was buffered when it was emitted, without waiting for more: the
     * records of one poll when the subscriber keeps up; when it lags, consecutive polls are joined up to
     * {@code max.poll.records}, so a poll's records may then be split over two lists (never reordered).
     *
     * <p>Otherwise the same as {@link #receive()}: cold, one subscription at a time across both methods (a
     * second concurrent one fails with {@link IllegalStateException}), emitted on the emit thread, completes
     * on {@link #close()}, fails with {@link ReceiverException}; acknowledge each record with
     * {@link ReceiverRecord#acknowledge()} (or send {@link ReceiverRecord#nextOffsets} of a list in a
     * transaction).
     */
    public Flux<List<ReceiverRecord<K, V>>> receiveBatches() {
        return new Flux<>() {
            @Override
            public void subscribe(CoreSubscriber<? super List<ReceiverRecord<K, V>>> actual) {
                attach(actual, Downstream.batches(actual, options.maxPollRecords()));
            }
        };
    }

    /** Commits the acknowledged offsets now; emits the offsets it committed (empty map if none were new). */
    public Mono<Map<TopicPartition, OffsetAndMetadata>> commit() {
        return running().flatMap(PollLoop::commitAcknowledged);
    }

    /** Commits exactly these offsets, acknowledged or not (e.g. restored from a checkpoint). */
    public Mono<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return running().flatMap(loop -> loop.commit(offsets));
    }

    /**
     * Continues these (assigned) partitions at these offsets. Their buffered records are discarded, and
     * acknowledgements of their records received before the seek are ignored.
     */
    public Mono<Void> seek(Map<TopicPartition, Long> offsets) {
        return running().flatMap(loop -> loop.seek(offsets));
    }

    /**
     * Runs {@code work} with the consumer on the poll thread (e.g. {@code Consumer::endOffsets}) and emits
     * its result. Do not poll, close, subscribe, pause or resume: the receiver does those.
     */
    public <T> Mono<T> withConsumer(Function<Consumer<K, V>, T> work) {
        return running().flatMap(loop -> loop.withConsumer(work));
    }

    /**
     * The consumer's group metadata as of its last poll, for {@code sendOffsetsToTransaction}: it carries
     * the generation, so a transaction from a member that lost its partitions is rejected (fenced).
     *
     * @throws IllegalStateException when not subscribed, without {@code group.id}, or before the first poll
     */
    public ConsumerGroupMetadata groupMetadata() {
        PollLoop<K, V> loop = current.get();
        if (loop == null || loop.isTerminated()) {
            throw new IllegalStateException(options.describe()
                    + " is not running: subscribe to receive() or receiveBatches() first.");
        }
        return loop.groupMetadata().orElseThrow(() -> new IllegalStateException(options.describe()
                + " has no group metadata yet: it needs group.id and is available after the first poll,"
                + " i.e. once a record has been received."));
    }

    /** A snapshot of flow control (buffered, paused, polls) for metrics and tests. */
    public ReceiverStatus status() {
        PollLoop<K, V> loop = current.get();
        return loop != null ? loop.status()
                : new ReceiverStatus(false, 0, 0, 0, options.bufferCapacity(), Set.of(), Set.of(), 0);
    }

    /** The options this receiver was created with. */
    public ReceiverOptions<K, V> options() {
        return options;
    }

    /**
     * Stops receiving: commits acknowledged offsets, closes the consumer and completes the Flux. Waits up
     * to {@code pollTimeout + closeTimeout} (plus a margin) unless called on the poll thread (from a
     * rebalance callback), where it only asks. Idempotent; later subscriptions fail.
     */
    @Override
    public void close() {
        closed = true;
        PollLoop<K, V> loop = current.get();
        if (loop == null) {
            return;
        }
        loop.stop();
        if (loop.onPollThread()) {
            return;
        }
        try {
            loop.awaitTermination(options.pollTimeout().plus(options.closeTimeout()).plus(CLOSE_MARGIN));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void attach(CoreSubscriber<?> actual, Downstream<K, V, ?> downstream) {
        if (closed) {
            Operators.error(actual, new IllegalStateException(options.describe() + " is closed; create a new receiver."));
            return;
        }
        PollLoop<K, V> previous = current.get();
        PollLoop<K, V> loop = new PollLoop<>(options, consumerFactory, downstream);
        if ((previous != null && !previous.isTerminated()) || !current.compareAndSet(previous, loop)) {
            Operators.error(actual, new IllegalStateException(options.describe() + " already has a subscriber: it owns"
                    + " one consumer. Share the Flux (publish/share) or create another receiver."));
            return;
        }
        if (closed) {
            // close() came between the check above and the compare-and-set: it may have looked for a loop before
            // this one was installed, and returned; started, this loop's consumer would run on after close().
            // Both fields are volatile, so either close() sees this loop (and stops and awaits it) or this sees
            // closed. The loop ends unstarted: no consumer, and a close() that did see it does not wait for it.
            loop.abandon();
            Operators.error(actual, new IllegalStateException(options.describe() + " is closed; create a new receiver."));
            return;
        }
        loop.start();
    }

    private Mono<PollLoop<K, V>> running() {
        return Mono.defer(() -> {
            PollLoop<K, V> loop = current.get();
            return loop == null || loop.isTerminated()
                    ? Mono.error(new IllegalStateException(options.describe()
                            + " is not running: subscribe to receive() or receiveBatches() first."))
                    : Mono.just(loop);
        });
    }
}
