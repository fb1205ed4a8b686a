package io.streamgrad.pipeline.it;

import io.streamgrad.testing.Await;

import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.ModelUpdate;
import io.streamgrad.pipeline.TrainerListener;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exactly-once promise of ARCHITECTURE.md, taken literally: "a run killed at any point and restarted ends
 * with the same model as a run never killed". A {@code streamgrad train} process is SIGKILLed at seeded random
 * moments while it trains on 100,000 rows, restarted each time with the same instance id (so it fences its
 * predecessor's open transaction), and finally left to finish. Its last model must equal, bit for bit, the
 * model of a trainer that read the same rows and was never disturbed; and every step's loss record must be
 * committed exactly once, with the reference run's loss.
 *
 * <p>Batches are count-based ({@code max-wait-ms = 0}, 100 rows, dividing 100,000), so the batches, and hence
 * the arithmetic, depend on the rows alone, never on timing.
 *
 * <p>When to kill: a trainer goes through the 100,000 rows in a few seconds here, so "a few seconds after it
 * starts" would mostly kill a finished run. Each kill instead waits until the committed offset passes a seeded
 * random point of its own stretch of the stream (so all five land mid-stream, spread over it), then a seeded
 * random delay of up to {@value #MAX_KILL_DELAY_MS} ms more, several transaction cycles, so the kill falls at a
 * random phase: while training, while sending, or while committing.
 */
@Timeout(300)
class ExactlyOnceUnderSigkillTest {
    /** Short sessions, so that a restarted trainer takes over its killed predecessor's partition within seconds. */
    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker(b -> b.brokerProperty("group.min.session.timeout.ms", "1000"));

    private static final String MODEL = "startups";
    private static final int ROWS = 100_000;
    private static final int KILLS = 5;
    private static final long SEED = 20_251_115L;
    /** Kill i waits until the committed offset passes a random point in [i × STRETCH + 4,000, + 10,000). */
    private static final int STRETCH = 16_000;
    private static final int MAX_KILL_DELAY_MS = 100;
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
    private static final Path LOGS = Path.of("target", "pipeline-it");
    private static final Map<String, Object> COUNT_BASED = Map.of(
            "training.batch-size", 100, "training.max-wait-ms", 0, "training.publish-every", 10,
            "training.idle-publish-ms", 500,
            // The child trainer serves metrics like `train` does: on any free port, never a fixed one.
            "metrics.prometheus.port", 0,
            "kafka.client", Map.of("session.timeout.ms", "3000", "heartbeat.interval.ms", "500"));

    @Test
    void aTrainerSigkilledAtRandomMomentsAndRestartedEndsWithTheModelOfARunNeverKilled() throws Exception {
        Pipeline killed = Pipeline.create(KAFKA, "sigkill", COUNT_BASED);
        Pipeline reference = killed.sameRowsElsewhere();
        killed.produce(DemoRows.generate(ROWS, 3, 0));

        long referenceStart = System.nanoTime();
        KafkaTrainer undisturbed = reference.start("reference", TrainerListener.NONE);
        reference.awaitRowsSeen(MODEL, ROWS, Duration.ofSeconds(120), undisturbed);
        undisturbed.close();
        log("reference run: %d rows in %d ms", ROWS, (System.nanoTime() - referenceStart) / 1_000_000);

        Path config = ChildTrainer.writeConfig(killed.config(), LOGS.resolve(killed.groupId() + ".yaml"));
        Path log = LOGS.resolve(killed.groupId() + "-trainer.log");
        Files.deleteIfExists(log);
        Random random = new Random(SEED);
        long killedStart = System.nanoTime();
        try (Admin admin = Admin.create(killed.resolvedClient())) {
            List<Long> killedAt = new ArrayList<>();
            for (int i = 0; i < KILLS; i++) {
                long from = committedOffset(admin, killed.groupId());
                long point = i * STRETCH + 4_000 + random.nextInt(10_000);
                int delay = random.nextInt(MAX_KILL_DELAY_MS + 1);
                try (ChildTrainer trainer = ChildTrainer.start(config, "1", log)) {
                    awaitCommitted(admin, killed.groupId(), point, trainer, log);
                    Await.sleep(Duration.ofMillis(delay));
                    assertThat(trainer.kill()).as("exit status of a SIGKILLed process")
                            .isEqualTo(ChildTrainer.SIGKILL_STATUS);
                }
                long at = committedOffset(admin, killed.groupId());
                log("kill %d: %d ms after passing offset %d; committed offset %d (restarted from %d)", i + 1, delay,
                        point, at, from);
                killedAt.add(at);
            }
            assertThat(killedAt).as("committed offsets at the kills: each one mid-stream").allMatch(o -> o < ROWS)
                    .isSorted();

            // Offsets commit only together with the models trained up to them: the last commit holds the final model.
            try (ChildTrainer last = ChildTrainer.start(config, "1", log)) {
                awaitCommitted(admin, killed.groupId(), ROWS, last, log);
            }
        }
        log("killed run: %d ms from the first start to the last commit; %d loss records of aborted transactions"
                        + " (kills while a transaction was open)", (System.nanoTime() - killedStart) / 1_000_000,
                TopicReader.readAll(killed.resolvedClient(), killed.metricsTopic(), "read_uncommitted").size()
                        - killed.lossRecords().size());

        assertThat(killed.latestTrained(MODEL).rowsSeen()).isEqualTo(ROWS);
        TrainedStates.assertBitIdentical(killed.latestTrained(MODEL), reference.latestTrained(MODEL));
        assertThat(reference.lossRecords()).hasSize(ROWS / 100);
        TrainedStates.assertSameLossRecords(killed.lossRecords(), reference.lossRecords());
        // Versions of aborted transactions are never seen: a restarted trainer continues from the committed one.
        List<ModelUpdate> updates = killed.modelUpdates();
        assertThat(updates).extracting(ModelUpdate::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, updates.size()).boxed().toList());
    }

    /** Waits, polling closely, until the group's committed offset reached {@code offset}. */
    private static void awaitCommitted(Admin admin, String group, long offset, ChildTrainer trainer, Path log) {
        long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
        long committed;
        while ((committed = committedOffset(admin, group)) < offset) {
            assertAlive(trainer, log);
            if (System.nanoTime() > deadline) {
                throw new AssertionError(trainer + " did not commit offset " + offset + " within " + PROGRESS_TIMEOUT
                        + "; committed: " + committed + "; its output is in " + log.toAbsolutePath());
            }
            Await.sleep(Duration.ofMillis(5));
        }
    }

    private static void assertAlive(ChildTrainer trainer, Path log) {
        if (!trainer.isAlive()) {
            throw new AssertionError(trainer + " stopped by itself; its output is in " + log.toAbsolutePath()
                    + ":\n" + tail(log));
        }
    }

    /** The group's committed offset of the rows topic's only partition (0 before the first commit). */
    private static long committedOffset(Admin admin, String group) {
        try {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not read the committed offsets of group " + group + ": " + e, e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[sigkill] " + format + "%n", args);
    }
}
