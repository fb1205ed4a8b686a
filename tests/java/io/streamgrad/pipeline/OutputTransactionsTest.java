package io.streamgrad.pipeline;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One transaction in flight while the trainer goes on: what batches add meanwhile waits for the next
 * transaction, a commit is reported only once it completed, and a failed one stops whoever waits next.
 */
class OutputTransactionsTest {
    /** A transaction runner whose transactions complete when the test says so. */
    private static final class ManualRunner implements OutputTransactions.Runner {
        record Started(List<ProducerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets,
                       CompletableFuture<Boolean> done) {
        }

        final List<Started> started = new ArrayList<>();

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
    void aFailedTransactionStopsTheNextCallThatWaitsForIt() {
        tx.add(batch(256, 1));
        tx.commitAsync();
        runner.started.get(0).done().completeExceptionally(new IllegalStateException("fenced"));

        assertThatThrownBy(tx::reap).isInstanceOf(IllegalStateException.class).hasMessage("fenced");
        assertThat(commits.versions).isEmpty();
    }

    @Test
    void lostPartitionsDiscardWhatIsPendingAndOnlyLogTheFailureOfTheTransactionInFlight() {
        tx.add(batch(256, 1));
        tx.commitAsync();
        tx.add(batch(512, 2));
        runner.started.get(0).done().completeExceptionally(new IllegalStateException("generation is stale"));

        tx.discardPending();

        assertThat(tx.hasPending()).isFalse();
        tx.commitNow();
        assertThat(runner.started).as("nothing left to commit").hasSize(1);
    }
}
