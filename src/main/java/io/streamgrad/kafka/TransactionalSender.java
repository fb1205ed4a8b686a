package io.streamgrad.kafka;

import io.streamgrad.kafka.internal.TransactionErrors;
import io.streamgrad.kafka.internal.TransactionScope;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A transactional producer: each {@link #inTransaction} runs one Kafka transaction (begin, the body's
 * sends and consumed offsets, commit), so that records and consumer offsets become visible together, or
 * not at all: the exactly-once step of the pipeline (model update + metrics + offsets).
 *
 * <h2>Threading</h2>
 * Every producer call (init, begin, send, sendOffsetsToTransaction, commit, abort) runs on the sender's
 * one transaction thread {@code kafka-tx-<transactional.id>}: transactions run one after another, never
 * overlapping, and the body runs there too. The returned Monos signal on that thread; {@code publishOn}
 * before heavy downstream work, since it delays the next transaction.
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>The body throws, or a record fails: the transaction is aborted and the Mono fails with
 *       {@link TransactionAbortedException} (cause: the body's or Kafka's exception). The sender stays
 *       usable; retrying the work is safe.</li>
 *   <li>Another producer with the same {@code transactional.id} took over: {@link SenderFencedException};
 *       other unrecoverable producer errors: {@link SenderFatalException}. The sender is then failed: every
 *       later transaction fails the same way. Close it.</li>
 * </ul>
 *
 * <h2>Cancellation and close</h2>
 * Cancelling the Mono does not interrupt a running transaction (it completes or aborts; its result is not
 * signalled); a transaction cancelled before it started does not run. {@link #close()}
 * closes the producer (up to {@code closeTimeout}); a transaction still open then is aborted by the broker
 * when it times out, or at once when a new producer with the same {@code transactional.id} initializes.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TransactionalSender<K, V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionalSender.class);
    /**
     * The producer's {@code retry.backoff.ms} unless configured. A transaction's first send to a partition is
     * refused (CONCURRENT_TRANSACTIONS, retriable) until the broker has written the previous transaction's
     * markers, a few milliseconds; Kafka's default backoff of 100 ms then stalls every transaction that follows
     * another. Measured with bench-pipeline: 50 ms → 20 ms per transaction, trainer 0.58 M → 1.0 M rows/s.
     */
    static final int RETRY_BACKOFF_MS = 5;

    private final SenderOptions<K, V> options;
    private final Producer<K, V> producer;
    private final Scheduler transactionThread;
    // Both confined to the transaction thread.
    private boolean initialized;
    private SenderFatalException failure;

    private TransactionalSender(SenderOptions<K, V> options, Producer<K, V> producer) {
        this.options = options;
        this.producer = producer;
        this.transactionThread = Schedulers.newSingle("kafka-tx-" + options.transactionalId().orElseThrow(), true);
    }

    /** The producer's properties: the options', with {@link #RETRY_BACKOFF_MS} unless they set a backoff. */
    static Map<String, Object> producerProperties(SenderOptions<?, ?> options) {
        Map<String, Object> props = options.producerProperties();
        props.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, RETRY_BACKOFF_MS);
        return props;
    }

    /**
     * Creates the producer now; transactions are initialized by {@link #initTransactions()} or the first
     * {@link #inTransaction}.
     *
     * @throws IllegalArgumentException when the config has no {@code transactional.id}
     */
    public static <K, V> TransactionalSender<K, V> create(SenderOptions<K, V> options) {
        Objects.requireNonNull(options, "options");
        if (options.transactionalId().isEmpty()) {
            throw new IllegalArgumentException(options.describe() + " has no transactional.id. Set one that is stable"
                    + " for this instance's role (e.g. 'trainer-<model>'): a restarted instance with the same id"
                    + " fences its predecessor. For plain sends use KafkaSender.");
        }
        KafkaProducer<K, V> producer = new KafkaProducer<>(producerProperties(options), options.keySerializer(),
                options.valueSerializer());
        log.info("{} created with {}", options.describe(), options.config());
        return new TransactionalSender<>(options, producer);
    }

    /**
     * Registers the {@code transactional.id} with the broker (once): fences any older producer with the same
     * id and completes or aborts its open transaction.
     */
    public Mono<Void> initTransactions() {
        return onTransactionThread(() -> {
            ensureInitialized();
            return null;
        });
    }

    /**
     * Runs one transaction: begins it, runs {@code body} with it (on the transaction thread), flushes, and
     * commits; emits the body's result (empty if null) after the commit. On error the transaction is aborted
     * (see the class doc for which exception says what).
     */
    public <R> Mono<R> inTransaction(Function<Transaction<K, V>, R> body) {
        Objects.requireNonNull(body, "body");
        return onTransactionThread(() -> runTransaction(body));
    }

    /** The producer's {@code transactional.id}: a newer producer with the same id fences this sender. */
    public String transactionalId() {
        return options.transactionalId().orElseThrow();
    }

    /** The options this sender was created with. */
    public SenderOptions<K, V> options() {
        return options;
    }

    /** Closes the producer (up to {@code closeTimeout}) and stops the transaction thread. */
    @Override
    public void close() {
        producer.close(options.closeTimeout());
        transactionThread.dispose();
        log.info("{} closed", options.describe());
    }

    /**
     * Runs {@code work} with the producer on the transaction thread, between transactions (e.g. to bind the
     * producer's metrics). Sending or transaction calls from {@code work} are not allowed: use
     * {@link #inTransaction}.
     */
    public <T> Mono<T> withProducer(Function<Producer<K, V>, T> work) {
        return onTransactionThread(() -> work.apply(producer));
    }

    /**
     * Runs {@code work} on the transaction thread and signals its result there. Not {@code subscribeOn}: a
     * cancel disposes its task and so interrupts the thread, and an interrupted producer call (flush, commit)
     * throws InterruptException, after which the abort fails as well and the sender is lost. Here a cancel
     * before the work starts skips it; once started, the work runs to its end and its result is dropped.
     */
    private <R> Mono<R> onTransactionThread(Callable<R> work) {
        return Mono.create(sink -> {
            AtomicBoolean claimed = new AtomicBoolean();
            sink.onCancel(() -> claimed.set(true));
            transactionThread.schedule(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    return;
                }
                try {
                    sink.success(work.call());
                } catch (Throwable e) {
                    sink.error(e);
                    Exceptions.throwIfJvmFatal(e);
                }
            });
        });
    }

    private <R> R runTransaction(Function<Transaction<K, V>, R> body) {
        ensureInitialized();
        try {
            producer.beginTransaction();
        } catch (KafkaException e) {
            throw fail(e);
        }
        TransactionScope<K, V> scope = new TransactionScope<>(producer);
        try {
            R result = body.apply(scope);
            scope.close();
            producer.flush();
            scope.throwIfSendFailed();
            commit();
            return result;
        } catch (SenderFatalException e) {
            throw e;
        } catch (Throwable e) {
            // Errors too (an AssertionError in a test body): the transaction must not stay open.
            scope.close();
            throw abort(e);
        }
    }

    private void ensureInitialized() {
        if (failure != null) {
            // A fresh exception, so this call's stack shows where the dead sender was used again.
            throw failure instanceof SenderFencedException
                    ? new SenderFencedException(failure.getMessage(), failure)
                    : new SenderFatalException(failure.getMessage(), failure);
        }
        if (!initialized) {
            try {
                producer.initTransactions();
            } catch (KafkaException e) {
                if (TransactionErrors.isFatal(e)) {
                    throw fail(e);
                }
                throw e;
            }
            initialized = true;
        }
    }

    /** Commits; a commit that timed out may be resumed by calling commit again (Kafka's contract), once. */
    private void commit() {
        try {
            producer.commitTransaction();
        } catch (TimeoutException first) {
            log.warn("{}: commit timed out, resuming it once: {}", options.describe(), first.toString());
            try {
                producer.commitTransaction();
            } catch (TimeoutException second) {
                throw fail(second);
            }
        }
    }

    private RuntimeException abort(Throwable cause) {
        if (TransactionErrors.isFatal(cause)) {
            return fail(cause);
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailed) {
            abortFailed.addSuppressed(cause);
            return fail(abortFailed);
        }
        return new TransactionAbortedException("The transaction of " + options.describe() + " was aborted: " + cause
                + ". Nothing it sent or committed is visible to read_committed consumers; the sender is still usable,"
                + " so the work may be retried.", cause);
    }

    /** Marks the sender failed for good and returns the exception that says so. */
    private SenderFatalException fail(Throwable cause) {
        if (TransactionErrors.isFenced(cause)) {
            failure = new SenderFencedException(options.describe() + " was fenced: another producer with the same"
                    + " transactional.id has started (a newer instance?). This sender is a zombie: its open transaction"
                    + " will never commit. Close it and stop this instance's work; do not retry with it.", cause);
        } else {
            failure = new SenderFatalException(options.describe() + " cannot continue: " + cause + ". Its open"
                    + " transaction will not commit. Close it; a new sender with the same transactional.id will abort"
                    + " what is left open and start clean.", cause);
        }
        log.error("{}", failure.getMessage());
        return failure;
    }
}
