package io.streamgrad.pipeline;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One transaction in flight while the trainer goes on: what batches add meanwhile waits for the next
 * transaction, which holds exactly a prefix ending at a commit point; a commit point waits only when another
 * already waits; a commit is reported only once it completed, and a failed one stops whoever waits next.
 */
class OutputTransactionsTest {
    /** A transaction runner whose transactions complete when the test says so. */
    private static final class ManualRunner implements OutputTransactions.Runner {
        record Started(List<ProducerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets,
                       CompletableFuture<Boolean> done) {
        }

        // Read by the test while a commit runs on another thread.
        final List<Started> started = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<?> run(List<ProducerRecord<byte[], byte[]>> records,
                                        Map<TopicPartition, OffsetAndMetadata> offsets) {
            Started s = new Started(records, offsets, new CompletableFuture<>());
            started.add(s);
            return s.done();
        }
    }

    private static final class Commits implements TrainerListener {
        final List<Long> versions = new ArrayList<>();

        @Override
        public void onCommitted(List<Output.ModelPublication> publications, long latencyNanos) {
            publications.forEach(p -> versions.add(p.version()));
        }
    }

    private final ManualRunner runner = new ManualRunner();
    private final Commits commits = new Commits();
    private final OutputTransactions tx = new OutputTransactions(runner,
            o -> new ProducerRecord<>("out", o.toString().getBytes(StandardCharsets.UTF_8)), commits);

    private static BatchResult batch(long nextOffset, long version) {
        return new BatchResult(List.of(new Output.ModelPublication("m", version, new byte[] {1})),
                Map.of(new TopicPartitionKey("rows", 0), nextOffset), List.of(), true, 0);
    }

    /** Versions 1 (in flight, offset 256), 2 (waiting, 512) and 3 (pending, 768). */
    private void oneCommitPointInFlightOneWaitingAndABatchPending() {
        tx.add(batch(256, 1));
        tx.commitAsync();
        tx.add(batch(512, 2));
        tx.commitAsync();
        tx.add(batch(768, 3));
    }

    @Test
    void whatArrivesWhileATransactionIsInFlightGoesIntoTheNextOne_whichStartsOnlyAfterTheFirstCommitted() {
        tx.add(batch(256, 1));
        tx.commitAsync();
        tx.add(batch(512, 2));

        assertThat(runner.started).hasSize(1);
        assertThat(runner.started.get(0).offsets()).containsEntry(new TopicPartition("rows", 0), new OffsetAndMetadata(256));
        tx.reap();
        assertThat(commits.versions).as("nothing is reported before its commit completed").isEmpty();

        runner.started.get(0).done().complete(true);
        tx.commitAsync();

        assertThat(commits.versions).containsExactly(1L);
        assertThat(runner.started).hasSize(2);
        assertThat(runner.started.get(1).records()).hasSize(1);
        assertThat(runner.started.get(1).offsets()).containsEntry(new TopicPartition("rows", 0), new OffsetAndMetadata(512));
        assertThat(tx.hasPending()).isFalse();
    }

    @Test
    void aCommitPointThatFindsATransactionInFlightDoesNotWait_itsContentStartsWhenThatOneCompleted() {
        tx.add(batch(256, 1));
        tx.commitAsync();
        tx.add(batch(512, 2));

        // Would block forever if it waited: the first transaction completes only when the test says so.
        assertTimeoutPreemptively(Duration.ofSeconds(10), tx::commitAsync);
        tx.add(batch(768, 3));
        assertThat(runner.started).hasSize(1);

        runner.started.get(0).done().complete(true);
        tx.reap();

        assertThat(commits.versions).containsExactly(1L);
        assertThat(runner.started).hasSize(2);
        assertThat(runner.started.get(1).records()).as("exactly the second commit point's prefix").hasSize(1);
        assertThat(runner.started.get(1).offsets()).containsExactly(
                Map.entry(new TopicPartition("rows", 0), new OffsetAndMetadata(512)));
        assertThat(tx.hasPending()).as("the third batch waits for its commit point").isTrue();
    }

    @Test
    void aCommitPointThatFindsAnotherWaitingWaitsForTheTransactionInFlight_thenBothGoOutTogether() throws Exception {
        oneCommitPointInFlightOneWaitingAndABatchPending();

        CompletableFuture<Void> third = CompletableFuture.runAsync(tx::commitAsync);
        Thread.sleep(50);
        assertThat(third).as("waits while the first transaction is in flight").isNotDone();
        runner.started.get(0).done().complete(true);
        third.get(10, TimeUnit.SECONDS);

        assertThat(runner.started).hasSize(2);
        assertThat(runner.started.get(1).records()).hasSize(2);
        assertThat(runner.started.get(1).offsets()).containsExactly(
                Map.entry(new TopicPartition("rows", 0), new OffsetAndMetadata(768)));
        assertThat(tx.hasPending()).isFalse();
    }

    @Test
    void commitNowCommitsWhatWaitsAndWhatIsPending_andReturnsOnlyOnceAllIsCommitted() throws Exception {
        oneCommitPointInFlightOneWaitingAndABatchPending();

        CompletableFuture<Void> now = CompletableFuture.runAsync(tx::commitNow);
        runner.started.get(0).done().complete(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runner.started.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(runner.started).as("the waiting content started once the first committed").hasSize(2);
        Thread.sleep(50);
        assertThat(now).as("waits for the second transaction too").isNotDone();
        runner.started.get(1).done().complete(true);
        now.get(10, TimeUnit.SECONDS);

        assertThat(commits.versions).containsExactly(1L, 2L, 3L);
        assertThat(runner.started.get(1).offsets()).containsEntry(new TopicPartition("rows", 0), new OffsetAndMetadata(768));
    }

    @Test
    void aFailedTransactionStopsTheNextCallThatWaitsForIt() {
        tx.add(batch(256, 1));
        tx.commitAsync();
        runner.started.get(0).done().completeExceptionally(new IllegalStateException("fenced"));

        assertThatThrownBy(tx::reap).isInstanceOf(IllegalStateException.class).hasMessage("fenced");
        assertThat(commits.versions).isEmpty();
    }

    @Test
    void lostPartitionsDiscardWhatIsPendingAndOnlyLogTheFailureOfTheTransactionInFlight() {
        oneCommitPointInFlightOneWaitingAndABatchPending();
        runner.started.get(0).done().completeExceptionally(new IllegalStateException("generation is stale"));

        tx.discardPending();

        assertThat(tx.hasPending()).isFalse();
        tx.commitNow();
        assertThat(runner.started).as("nothing left to commit").hasSize(1);
    }
}
