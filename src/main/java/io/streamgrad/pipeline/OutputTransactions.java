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
 * next batches: their outputs wait here for the next transaction. So a commit's latency overlaps training
 * instead of stalling it, and every transaction still holds exactly the outputs and offsets of a prefix of
 * the stream.
 *
 * <p>A failed transaction fails the next call that waits for it ({@link #commitAsync}, {@link #commitNow},
 * {@link #reap}): the trainer stops and a restart resumes from the last commit.
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

    private final Runner runner;
    private final Function<Output, ProducerRecord<byte[], byte[]>> toRecord;
    private final TrainerListener listener;
    private final List<Output> pending = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new LinkedHashMap<>();
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

    /** Adds a batch's outputs and consumed offsets to the next transaction. */
    void add(BatchResult result) {
        pending.addAll(result.outputs());
        result.nextOffsets().forEach((tp, next) ->
                pendingOffsets.put(new TopicPartition(tp.topic(), tp.partition()), new OffsetAndMetadata(next)));
    }

    /** Adds outputs (publications at idle, shutdown or rebalance) to the next transaction. */
    void add(List<Output> outputs) {
        pending.addAll(outputs);
    }

    /** Whether outputs or offsets wait for a transaction. */
    boolean hasPending() {
        return !pending.isEmpty() || !pendingOffsets.isEmpty();
    }

    /**
     * Waits for the transaction in flight, then starts one with everything pending (if anything is) and
     * returns without waiting for it.
     */
    void commitAsync() {
        awaitInFlight();
        if (!hasPending()) {
            return;
        }
        List<Output> outputs = List.copyOf(pending);
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(pendingOffsets);
        pending.clear();
        pendingOffsets.clear();
        List<Output.ModelPublication> published = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(outputs.size());
        for (Output o : outputs) {
            if (o instanceof Output.ModelPublication p) {
                published.add(p);
            }
            records.add(toRecord.apply(o));
        }
        long start = System.nanoTime();
        inFlight = new InFlight(runner.run(records, offsets), published, start);
    }

    /** Commits everything pending and waits until it is committed. */
    void commitNow() {
        commitAsync();
        awaitInFlight();
    }

    /** Completes a transaction that finished meanwhile (tells the listener; rethrows its failure). */
    void reap() {
        if (inFlight != null && inFlight.done().isDone()) {
            awaitInFlight();
        }
    }

    /**
     * Forgets what is pending (the partitions were lost: another member may own them, nothing of theirs may
     * be committed) and waits for the transaction in flight, whose failure is then only logged: the work
     * restarts from the last commit anyway.
     */
    void discardPending() {
        pending.clear();
        pendingOffsets.clear();
        try {
            awaitInFlight();
        } catch (RuntimeException e) {
            log.warn("the transaction in flight when partitions were lost failed: {}", e.toString());
        }
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
