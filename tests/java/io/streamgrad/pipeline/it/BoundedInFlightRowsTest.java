package io.streamgrad.pipeline.it;

import io.streamgrad.testing.Await;

import io.streamgrad.kafka.ReceiverStatus;
import io.streamgrad.pipeline.BatchResult;
import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.TrainerListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backpressure end to end: a trainer far slower than its input holds a bounded number of rows, however many
 * wait in the topic. A million rows wait; each training step is slowed to {@value #STEP_MILLIS} ms; for
 * {@value #SAMPLE_SECONDS} s the test samples how many rows the trainer has taken from Kafka but not yet
 * trained on.
 *
 * <h2>The bound, from the code</h2>
 * Rows in flight are those the receiver polled and has not emitted, plus those it emitted that no step has
 * consumed yet. {@code KafkaTrainer} divides C = {@code training.max-in-flight-rows} among the places a row can
 * be, with B = {@code training.batch-size} and M its chunk size ({@code max.poll.records}):
 * <ul>
 *   <li>the receiver's buffer: at most C - 9M - (B - 1) ({@code KafkaReceiver} fetches only while a whole
 *       {@code max.poll.records} fits in its {@code bufferCapacity});</li>
 *   <li>chunks past the receiver: up to eight in {@code concatMap(..., 8)}'s queue, one being handled;</li>
 *   <li>rows waiting on the trainer thread to complete the next batch: at most B - 1.</li>
 * </ul>
 * So at most C rows are in flight, the configured bound itself. The bytes of records the consumer fetched for a
 * partition before it was paused are below this level (bounded by {@code fetch.max.bytes}) and not counted.
 */
@Timeout(180)
class BoundedInFlightRowsTest {
    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    private static final int WAITING_ROWS = 1_000_000;
    private static final int MAX_IN_FLIGHT = 1_000;
    private static final int BATCH = 32;
    private static final int STEP_MILLIS = 20;
    private static final int SAMPLE_SECONDS = 10;

    @Test
    void aSlowTrainerHoldsAtMostTheConfiguredRowsInFlight_whileAMillionRowsWait() {
        Pipeline p = Pipeline.create(KAFKA, "bounded", Map.of("training.max-in-flight-rows", MAX_IN_FLIGHT,
                "training.batch-size", BATCH));
        long produceStart = System.nanoTime();
        long produced = p.produceInBulk(DemoRows.generate(1_000, 9, 0), WAITING_ROWS / 1_000);
        System.out.printf("[bounded] produced %,d rows in %d ms%n", produced,
                (System.nanoTime() - produceStart) / 1_000_000);

        SlowSteps steps = new SlowSteps(Duration.ofMillis(STEP_MILLIS));
        KafkaTrainer trainer = p.start("1", steps);
        long maxInFlight = 0;
        long pausedSamples = 0;
        long samples = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(SAMPLE_SECONDS).toNanos();
        ReceiverStatus last = trainer.receiver().status();
        while (System.nanoTime() < deadline) {
            // Read in this order, each count can only be under-stated: emitted, then buffered, then trained.
            long emitted = trainer.receiver().status().emittedRecords();
            last = trainer.receiver().status();
            long inFlight = emitted + last.bufferedRecords() - steps.rowsTaken();
            maxInFlight = Math.max(maxInFlight, inFlight);
            pausedSamples += last.allPaused() ? 1 : 0;
            samples++;
            Await.sleep(Duration.ofMillis(1));
        }
        long trained = steps.rowsTaken();
        long closing = System.nanoTime();
        trainer.close();
        Duration closed = Duration.ofNanos(System.nanoTime() - closing);
        System.out.printf("[bounded] %d samples: at most %d rows in flight (bound %d), receiver buffer at most %d,"
                        + " paused in %d samples; %d rows trained%n", samples, maxInFlight, MAX_IN_FLIGHT,
                last.maxBufferedRecords(), pausedSamples, trained);

        assertThat(produced).isEqualTo(WAITING_ROWS);
        // Liveness, not speed: close() runs its final commit on the trainer thread, which chunks arriving without
        // pause must not starve (it waited out its 2-minute limit when the chunks had one long-running task).
        assertThat(closed).as("close() with a backlog").isLessThan(Duration.ofSeconds(60));
        assertThat(trained).as("rows trained while sampling: the trainer was working, and far behind")
                .isPositive().isLessThan(WAITING_ROWS / 10);
        assertThat(last.bufferCapacity()).isLessThan(MAX_IN_FLIGHT);
        assertThat(last.maxBufferedRecords()).isLessThanOrEqualTo(last.bufferCapacity());
        assertThat(pausedSamples).as("samples with every partition paused: backpressure reached Kafka").isPositive();
        assertThat(maxInFlight).as("rows taken from Kafka and not yet trained on")
                .isLessThanOrEqualTo(MAX_IN_FLIGHT)
                .as("rows queued behind the step in progress (else the bound proves nothing)")
                .isGreaterThan(BATCH);
    }

    /** Slows every step down, as a large model would, and counts the rows that reached a step. */
    private static final class SlowSteps implements TrainerListener {
        private final Duration delay;
        private volatile long rowsTaken;

        SlowSteps(Duration delay) {
            this.delay = delay;
        }

        @Override
        public void onBatch(BatchResult result, long receivedRows) {
            rowsTaken = receivedRows;
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                // close() cancels the step in progress; keep the flag for whoever interrupted
                Thread.currentThread().interrupt();
            }
        }

        long rowsTaken() {
            return rowsTaken;
        }
    }
}
