package io.streamgrad.kafka.internal;

import io.streamgrad.kafka.ReceiverRecord;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiver's {@link Subscription}: hands buffered records to the subscriber as it requests them, on the
 * receiver's own emit thread, never on the poll thread, so a slow subscriber slows nothing but itself
 * (the poll thread keeps polling, with partitions paused). One demanded element is one record or one list
 * of records, as its {@link Downstream} says; demand counts elements, {@link #emitted()} counts records.
 *
 * <p>It is the classic Reactor drain loop: whoever changes state (new demand, new records, termination,
 * cancellation) bumps {@code wip}; the one that bumps it from 0 schedules the drain on the emit thread;
 * the drain loops until no change is missed. Signals are thus serialized on one thread, as Reactive
 * Streams requires.
 *
 * <p>Termination ({@link #complete()} or {@link #error(Throwable)}, from the poll thread once the consumer is
 * closed) does not wait for more demand: records buffered before it are delivered as far as the demand
 * already requested allows, then the terminal signal follows and the rest are discarded (through Reactor's
 * discard hook, record by record in both modes). That loses nothing: unacknowledged records are not
 * committed and will be received again. After cancellation nothing is signalled; records buffered then,
 * and those the poll thread still adds until it ends, are discarded. A second terminal signal goes to
 * Reactor's dropped-error hook.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class RecordEmitter<K, V> implements Subscription {
    private final Downstream<K, V, ?> downstream;
    private final CoreSubscriber<?> actual;
    private final RecordBuffer<K, V> buffer;
    private final Runnable onCancel;
    private final Runnable onDemand;
    private final ExecutorService emitThread;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    /** Written by the emit thread only, so a release store suffices: no atomic read-modify-write per element. */
    private final AtomicLong emitted = new AtomicLong();
    private volatile boolean cancelled;
    private volatile boolean done;
    private Throwable error;

    /**
     * Emits one record per requested element.
     *
     * @param onDemand run on every request (wakes the poll thread, which may resume fetching)
     * @param onCancel run once when the subscriber cancels (asks the poll thread to stop)
     */
    public RecordEmitter(CoreSubscriber<? super ReceiverRecord<K, V>> actual, RecordBuffer<K, V> buffer,
                         String threadName, Runnable onDemand, Runnable onCancel) {
        this(Downstream.records(actual), buffer, threadName, onDemand, onCancel);
    }

    /**
     * Emits to {@code downstream} what it takes per requested element (a record, or a list of records).
     *
     * @param onDemand run on every request (wakes the poll thread, which may resume fetching)
     * @param onCancel run once when the subscriber cancels (asks the poll thread to stop)
     */
    public RecordEmitter(Downstream<K, V, ?> downstream, RecordBuffer<K, V> buffer, String threadName,
                         Runnable onDemand, Runnable onCancel) {
        this.downstream = downstream;
        this.actual = downstream.subscriber();
        this.buffer = buffer;
        this.onDemand = onDemand;
        this.onCancel = onCancel;
        this.emitThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name(threadName).daemon().factory());
    }

    /** Gives the subscriber this subscription ({@code onSubscribe}). */
    public void subscribe() {
        actual.onSubscribe(this);
    }

    /** Demand, in elements, not yet met by an emitted element; {@link Long#MAX_VALUE} means unbounded. */
    public long outstandingDemand() {
        return requested.get();
    }

    /** The most records one demanded element takes: 1 for single records, the list bound for batches. */
    public int recordsPerElement() {
        return downstream.recordsPerElement();
    }

    /** Records handed to {@code onNext} so far (in lists or one by one). */
    public long emitted() {
        return emitted.get();
    }

    /** Whether the subscriber cancelled. */
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void request(long n) {
        if (Operators.validate(n)) {
            requested.accumulateAndGet(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
            onDemand.run();
            drain();
        }
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            onCancel.run();
            drain();
        }
    }

    /** New records are in the buffer (poll thread). */
    public void recordsAdded() {
        drain();
    }

    /** Completes the subscriber (poll thread, after the consumer is closed). */
    public void complete() {
        terminate(null);
    }

    /** Fails the subscriber (poll thread, after the consumer is closed). */
    public void error(Throwable failure) {
        terminate(failure);
    }

    /** Hands records that will never be emitted (revoked, seeked, terminated) to Reactor's discard hook. */
    public void discard(List<ReceiverRecord<K, V>> records) {
        if (!records.isEmpty()) {
            Operators.onDiscardMultiple(records, actual.currentContext());
        }
    }

    private void terminate(Throwable failure) {
        if (cancelled) {
            // The drain loop ended with the cancel: what the poll thread buffered since then has no one else to
            // hand it to the discard hook.
            discard(buffer.clear());
        }
        if (done) {
            if (failure != null) {
                Operators.onErrorDropped(failure, actual.currentContext());
            }
            return;
        }
        error = failure;
        done = true;
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        try {
            emitThread.execute(this::drainLoop);
        } catch (RejectedExecutionException alreadyTerminated) {
            // The emit thread stops only after the final signal: nothing is left to deliver.
        }
    }

    private void drainLoop() {
        int missed = 1;
        for (; ; ) {
            long demand = requested.get();
            long sent = 0;
            while (sent != demand) {
                if (cancelled) {
                    finish();
                    return;
                }
                int records = emitNext(downstream);
                if (records == 0) {
                    break;
                }
                if (records < 0) {
                    return;
                }
                sent++;
            }
            if (checkTerminated()) {
                return;
            }
            if (sent != 0 && demand != Long.MAX_VALUE) {
                requested.addAndGet(-sent);
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /**
     * Takes one element from the buffer and emits it: returns the records it held, 0 when the buffer was
     * empty, -1 when the subscriber threw (the subscription is then over).
     */
    private <T> int emitNext(Downstream<K, V, T> target) {
        T next = target.take(buffer);
        if (next == null) {
            return 0;
        }
        int records = target.records(next);
        // Counted before onNext: a subscriber that completes from onNext (take, takeUntil) must find its
        // last element counted when it reads the status.
        emitted.setRelease(emitted.getPlain() + records);
        try {
            target.subscriber().onNext(next);
        } catch (Throwable t) {
            // A subscriber must not throw; treat it like reactor-core's operators do: cancel, then onError.
            cancelled = true;
            onCancel.run();
            finish();
            actual.onError(Operators.onOperatorError(this, t, next, actual.currentContext()));
            return -1;
        }
        return records;
    }

    /** Called when demand is met or the buffer is empty: the moment a pending terminal signal goes out. */
    private boolean checkTerminated() {
        if (cancelled) {
            finish();
            return true;
        }
        if (done) {
            finish();
            if (error != null) {
                actual.onError(error);
            } else {
                actual.onComplete();
            }
            return true;
        }
        return false;
    }

    /** Discards what is left and stops the emit thread; the drain loop is never scheduled again after it. */
    private void finish() {
        discard(buffer.clear());
        emitThread.shutdown();
    }
}
