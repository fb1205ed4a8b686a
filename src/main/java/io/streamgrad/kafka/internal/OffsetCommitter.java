package io.streamgrad.kafka.internal;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Commits acknowledged offsets: periodically and on demand with {@code commitAsync} (whose callbacks run
 * on the poll thread, inside a later poll), and with {@code commitSync} when partitions are revoked and at
 * close, where the commit must land before the consumer lets go.
 *
 * <p>A failed commit is not fatal to the receiver: the offsets stay uncommitted and are retried at the next
 * interval, or, if the partition moved, its new owner receives the records again (at-least-once).
 *
 * <p>Confined to the poll thread.
 */
public final class OffsetCommitter {
    private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

    private final OffsetTracker tracker;
    private final long intervalNanos;
    private final String receiver;
    private long nextCommitNanos;

    /**
     * A committer of {@code tracker}'s acknowledged offsets, the first periodic commit one {@code interval}
     * from now.
     *
     * @param interval the period of {@link #maybeCommit}; {@link Duration#ZERO} disables periodic commits
     * @param receiver the receiver's description, for log lines
     */
    public OffsetCommitter(OffsetTracker tracker, Duration interval, String receiver) {
        this.tracker = tracker;
        this.intervalNanos = interval.toNanos();
        this.receiver = receiver;
        this.nextCommitNanos = System.nanoTime() + intervalNanos;
    }

    /** Commits acknowledged offsets asynchronously when the commit interval has passed. */
    public void maybeCommit(Consumer<?, ?> consumer) {
        if (intervalNanos == 0 || System.nanoTime() - nextCommitNanos < 0) {
            return;
        }
        nextCommitNanos = System.nanoTime() + intervalNanos;
        commitAsync(consumer, tracker.uncommitted(), (offsets, error) -> {
        });
    }

    /** Commits {@code offsets} asynchronously; {@code done} gets the offsets or the error (on the poll thread). */
    public void commitAsync(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets,
                            BiConsumer<Map<TopicPartition, OffsetAndMetadata>, Exception> done) {
        if (offsets.isEmpty()) {
            done.accept(offsets, null);
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error == null) {
                tracker.committed(offsets);
            } else {
                logFailure(offsets, error);
            }
            done.accept(offsets, error);
        });
    }

    /** Commits {@code offsets} and waits up to {@code timeout}; false (logged) when the commit failed. */
    public boolean commitSync(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        if (offsets.isEmpty()) {
            return true;
        }
        try {
            consumer.commitSync(offsets, timeout);
            tracker.committed(offsets);
            return true;
        } catch (KafkaException e) {
            logFailure(offsets, e);
            return false;
        }
    }

    private void logFailure(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
        if (error instanceof RetriableCommitFailedException) {
            log.debug("{}: commit of {} failed, will retry: {}", receiver, offsets, error.toString());
        } else {
            log.warn("{}: commit of {} failed: {}. The records after these offsets will be received again"
                    + " (by this or another group member).", receiver, offsets, error.toString());
        }
    }
}
