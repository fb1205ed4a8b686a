package io.streamgrad.pipeline.it;

import io.streamgrad.testing.Await;

import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.TrainerListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes away in the middle of training and comes back on the same port with the same data, as
 * after an operator's restart: the trainer, left running, resumes by itself, and loses nothing and repeats
 * nothing. Proven by comparing it with a reference trainer that read the same rows topic afterwards, never
 * disturbed: with count-based batches both must end with the same model, bit for bit, and the same loss
 * record for each step.
 *
 * <p>The rows come from a {@link PacedProducer}, not {@code RowProducer} with a rate: the latter's tick
 * {@code Flux.interval} overflows ("Could not emit tick ... due to lack of requests") as soon as the broker
 * stalls the sends for longer than its backlog of ticks.
 */
@Timeout(240)
class TrainingAcrossBrokerRestartTest {
    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    private static final String MODEL = "startups";
    private static final int ROWS = 12_000;
    /** Rows per second: the producer spans the outage, so rows keep coming before, during and after it. */
    private static final double RATE = 2_000;
    private static final Duration DOWNTIME = Duration.ofSeconds(3);
    private static final Map<String, Object> COUNT_BASED = Map.of("training.batch-size", 32,
            "training.max-wait-ms", 0, "training.publish-every", 5, "training.idle-publish-ms", 500);

    @Test
    void trainingResumesAfterTheBrokerRestarts_andTrainsEveryRowExactlyOnce() throws Exception {
        Pipeline p = Pipeline.create(KAFKA, "broker-restart", COUNT_BASED);
        List<String> lines = DemoRows.generate(ROWS, 5, 0);

        KafkaTrainer trainer = p.start("1", TrainerListener.NONE);
        CompletableFuture<Long> producing = PacedProducer.start(p.resolvedClient(), p.rowsTopic(), lines, RATE);
        p.awaitRowsSeen(MODEL, 2_000, Duration.ofSeconds(60), trainer);
        KAFKA.stop();
        Await.sleep(DOWNTIME);
        KAFKA.restart();
        long rowsBeforeRestart = p.rowsSeen(MODEL);
        assertThat(producing.get(120, TimeUnit.SECONDS)).as("rows produced").isEqualTo(ROWS);
        p.awaitRowsSeen(MODEL, ROWS, Duration.ofSeconds(120), trainer);
        trainer.close();

        assertThat(rowsBeforeRestart).as("rows trained when the broker came back: the outage was mid-stream")
                .isLessThan(ROWS);
        assertThat(p.records(p.rowsTopic())).as("the rows topic: the producer wrote each row once").hasSize(ROWS);
        Pipeline reference = p.sameRowsElsewhere();
        KafkaTrainer undisturbed = reference.start("reference", TrainerListener.NONE);
        reference.awaitRowsSeen(MODEL, ROWS, Duration.ofSeconds(120), undisturbed);
        undisturbed.close();

        TrainedStates.assertBitIdentical(p.latestTrained(MODEL), reference.latestTrained(MODEL));
        assertThat(p.latestTrained(MODEL).rowsSeen()).isEqualTo(ROWS);
        TrainedStates.assertSameLossRecords(p.lossRecords(), reference.lossRecords());
    }
}
