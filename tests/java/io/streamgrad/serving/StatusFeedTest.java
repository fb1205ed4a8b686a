package io.streamgrad.serving;

import io.streamgrad.pipeline.BatchResult;
import io.streamgrad.pipeline.ModelUpdate;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.StepOutcome;
import io.streamgrad.pipeline.TrainerListener;
import io.streamgrad.pipeline.TrainingStateCodec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page's data: bounded loss history, rows/s over a window, version and weights. */
class StatusFeedTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(0);
    private final StatusFeed feed = new StatusFeed("startups", 3, now::get);

    private static StepOutcome step(long step, double loss) {
        return new StepOutcome("startups", step, step * 100, 100, loss, 0.1, null, 1, 1, 0, 0, 0);
    }

    @Test
    void keepsTheLastCapacityLossPointsOldestFirst() {
        for (long s = 1; s <= 5; s++) {
            feed.onStep(step(s, 1.0 / s));
        }

        StatusSnapshot snapshot = feed.snapshot();
        assertThat(snapshot.lossHistory()).extracting(LossPoint::step).containsExactly(3L, 4L, 5L);
        assertThat(snapshot.step()).isEqualTo(5);
        assertThat(snapshot.rowsSeen()).isEqualTo(500);
        assertThat(snapshot.lastLoss()).isEqualTo(0.2);
    }

    @Test
    void rowsPerSecondComesFromTheLastTenSecondsAndFallsToZeroWhenTrainingStops() {
        for (long s = 1; s <= 5; s++) {
            now.set(s * SECOND);
            feed.onStep(step(s, 1));   // 100 rows a second
        }
        assertThat(feed.snapshot().rowsPerSecond()).isEqualTo(100.0);

        now.set(5 * SECOND + StatusFeed.RATE_WINDOW_NANOS + SECOND);
        assertThat(feed.snapshot().rowsPerSecond()).isZero();
    }

    @Test
    void rolledBackStepsAndOtherModelsLeaveNoPoint() {
        feed.onStep(step(1, 0.5));
        feed.onStep(new StepOutcome("startups", 2, 200, 100, Double.NaN, 0.05, "loss is NaN", Double.NaN, 1, 0,
                StepOutcome.NOT_REACHED, StepOutcome.NOT_REACHED));
        feed.onStep(new StepOutcome("other", 3, 300, 100, 0.1, 0.1, null, 1, 1, 0, 0, 0));

        StatusSnapshot snapshot = feed.snapshot();
        assertThat(snapshot.lossHistory()).containsExactly(new LossPoint(1, 0.5));
        assertThat(snapshot.step()).isEqualTo(2);
        assertThat(snapshot.lastLoss()).isEqualTo(0.5);
    }

    @Test
    void aModelUpdateBringsVersionWeightsAndAPointWithoutDuplicatingPushedSteps() {
        Output.ModelPublication first = PublishedModels.publish(1).get(0);
        ModelUpdate update = TrainingStateCodec.describe(first.state());

        feed.onModel(update);
        feed.onModel(update);

        StatusSnapshot snapshot = feed.snapshot();
        assertThat(snapshot.version()).isEqualTo(1);
        assertThat(snapshot.weights()).containsOnlyKeys("weight", "bias");
        assertThat(snapshot.weights().get("weight")).hasSize(3)
                .containsExactly(update.weights().get("weight").toDoubleArray());
        assertThat(snapshot.lossHistory()).containsExactly(new LossPoint(update.step(), update.lastLoss()));
    }

    @Test
    void asATrainerListenerItFollowsStepsAndPublications() {
        StatusFeed live = new StatusFeed("startups", 100);
        TrainerListener listener = live.trainerListener();
        Output.ModelPublication publication = PublishedModels.publish(1).get(0);
        StepOutcome step = new StepOutcome("startups", 1, 50, 50, 0.3, 0.1, null, 1, 1, 0, 0, 0);

        listener.onBatch(new BatchResult(List.of(publication), Map.of(), List.of(step), true, 0), 50);
        listener.onCommitted(List.of(publication), 1_000);

        StatusSnapshot snapshot = live.snapshot();
        assertThat(snapshot.lossHistory()).containsExactly(new LossPoint(1, 0.3));
        assertThat(snapshot.version()).isEqualTo(1);
        assertThat(snapshot.weights()).containsKeys("weight", "bias");
    }

    @Test
    void beforeAnythingTheSnapshotIsEmpty() {
        StatusSnapshot snapshot = feed.snapshot();

        assertThat(snapshot.version()).isZero();
        assertThat(snapshot.lossHistory()).isEmpty();
        assertThat(snapshot.lastLoss()).isNaN();
        assertThat(snapshot.weights()).isEmpty();
    }
}
