package io.streamgrad.pipeline;

import io.streamgrad.kafka.TransactionalSender;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends what the batches produced, with the offsets they consumed, in Kafka transactions — the exactly-once
 * step. One transaction is in flight at a time, on the sender's thread, while the trainer goes on with the
 * next batches. Every transaction holds exactly the outputs and offsets of a prefix of the stream that ends at
 * a commit point ({@link #commitAsync}: a publication), so a restart from the last commit resumes with the
 * state that was published with those offsets.
 *
 * <p>Three stages: <em>pending</em> (added since the last commit point), <em>waiting</em> (closed by a commit
 * point, to be the next transaction) and <em>in flight</em>. A commit point that finds a transaction in flight
 * does not wait for it: its content waits and starts as soon as the one in flight completed ({@link #reap},
 * called as chunks arrive and on the trainer's ticks). Only a commit point that finds content already waiting
 * waits for the transaction in flight — then the two commit points go out in one transaction. So a commit's
 * latency stalls training only when it is longer than two publication intervals, and what is held here stays
 * bounded by three intervals' outputs.
 *
 * <p>A failed transaction fails the next call that waits for or reaps it ({@link #commitAsync},
 * {@link #commitNow}, {@link #reap}): the trainer stops and a restart resumes from the last commit.
 *
 * <p>Confined to the trainer thread; {@link TrainerListener#onCommitted} is called there too.
 */
final class OutputTransactions {
    private static final Logger log = LoggerFactory.getLogger(OutputTransactions.class);

    /** Runs one transaction of these records and consumed offsets, asynchronously. */
    @FunctionalInterface
    interface Runner {
        CompletableFuture<?> run(List<ProducerRecord<byte[], byte[]>> records,
                                 Map<TopicPartition, OffsetAndMetadata> offsets);
    }

    private record InFlight(CompletableFuture<?> done, List<Output.ModelPublication> published, long startNanos) {
    }

    /** Outputs and the offsets after them, accumulated in stream order. */
    private static final class Content {
        final List<Output> outputs = new ArrayList<>();
        final Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();

        boolean isEmpty() {
            return outputs.isEmpty() && offsets.isEmpty();
        }

        /** Appends {@code later} (which comes after this in the stream) and empties it. */
        void takeAll(Content later) {
            outputs.addAll(later.outputs);
            offsets.putAll(later.offsets);
            later.clear();
        }

        void clear() {
            outputs.clear();
            offsets.clear();
        }
    }

    private final Runner runner;
    private final Function<Output, ProducerRecord<byte[], byte[]>> toRecord;
    private final TrainerListener listener;
    private final Content pending = new Content();
    private final Content waiting = new Content();
    private InFlight inFlight;

    OutputTransactions(Runner runner, Function<Output, ProducerRecord<byte[], byte[]>> toRecord,
                       TrainerListener listener) {
        this.runner = runner;
        this.toRecord = toRecord;
        this.listener = listener;
    }

    /** Transactions on {@code sender}, with the consumer group metadata current when each one runs. */
    static Runner on(TransactionalSender<byte[], byte[]> sender, Supplier<ConsumerGroupMetadata> groupMetadata) {
        return (records, offsets) -> sender.inTransaction(tx -> {
            for (ProducerRecord<byte[], byte[]> r : records) {
                tx.send(r);
            }
            if (!offsets.isEmpty()) {
                tx.sendOffsets(offsets, groupMetadata.get());
            }
            return Boolean.TRUE;
        }).toFuture();
    }

    /** Adds a batch's outputs and consumed offsets; they go out with the next commit point. */
    void add(BatchResult result) {
        pending.outputs.addAll(result.outputs());
        result.nextOffsets().forEach((tp, next) ->
                pending.offsets.put(new TopicPartition(tp.topic(), tp.partition()), new OffsetAndMetadata(next)));
    }

    /** Adds outputs (publications at idle, shutdown or rebalance); they go out with the next commit point. */
    void add(List<Output> outputs) {
        pending.outputs.addAll(outputs);
    }

    /** Whether outputs or offsets are not yet in a transaction (pending, or waiting for the one in flight). */
    boolean hasPending() {
        return !pending.isEmpty() || !waiting.isEmpty();
    }

    /**
     * A commit point: everything added so far goes out in the next transaction, which starts now when none is
     * in flight and otherwise as soon as the one in flight completed. Waits for the transaction in flight only
     * when an earlier commit point's content is still waiting for it (both then go out together).
     */
    void commitAsync() {
        boolean alreadyWaiting = !waiting.isEmpty();
        waiting.takeAll(pending);
        if (alreadyWaiting) {
            awaitInFlight();
        }
        reap();
    }

    /** Commits everything added so far and waits until it is committed. */
    void commitNow() {
        waiting.takeAll(pending);
        awaitInFlight();
        startWaiting();
        awaitInFlight();
    }

    /**
     * Completes a transaction that finished meanwhile (tells the listener; rethrows its failure) and starts the
     * waiting one, if any, when none is in flight.
     */
    void reap() {
        if (inFlight != null && inFlight.done().isDone()) {
            awaitInFlight();
        }
        startWaiting();
    }

    /**
     * Forgets what is pending or waiting (the partitions were lost: another member may own them, nothing of
     * theirs may be committed) and waits for the transaction in flight, whose failure is then only logged: the
     * work restarts from the last commit anyway.
     */
    void discardPending() {
        pending.clear();
        waiting.clear();
        try {
            awaitInFlight();
        } catch (RuntimeException e) {
            log.warn("the transaction in flight when partitions were lost failed: {}", e.toString());
        }
    }

    /** Starts the waiting content as a transaction when there is some and none is in flight. */
    private void startWaiting() {
        if (inFlight != null || waiting.isEmpty()) {
            return;
        }
        List<Output.ModelPublication> published = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(waiting.outputs.size());
        for (Output o : waiting.outputs) {
            if (o instanceof Output.ModelPublication p) {
                published.add(p);
            }
            records.add(toRecord.apply(o));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(waiting.offsets);
        waiting.clear();
        long start = System.nanoTime();
        inFlight = new InFlight(runner.run(records, offsets), published, start);
    }

    private void awaitInFlight() {
        InFlight current = inFlight;
        if (current == null) {
            return;
        }
        inFlight = null;
        try {
            current.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new TrainerFailedException("transaction failed: " + e.getCause(), e.getCause());
        }
        listener.onCommitted(current.published(), System.nanoTime() - current.startNanos());
    }
}
