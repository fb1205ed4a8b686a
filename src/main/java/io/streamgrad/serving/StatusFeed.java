package io.streamgrad.serving;

import io.streamgrad.pipeline.BatchResult;
import io.streamgrad.pipeline.ModelUpdate;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.StepOutcome;
import io.streamgrad.pipeline.TrainerListener;
import io.streamgrad.pipeline.TrainingStateCodec;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The live state of one model for the status page: the trainer pushes each {@link StepOutcome} (loss curve,
 * counters, rows/s) and each published {@link ModelUpdate} (version, weights); a server without the
 * trainer, such as {@code streamgrad serve}, pushes only updates and draws the curve from their losses.
 * The page polls {@link #snapshot()}.
 *
 * <p>The loss history is bounded ({@code capacity} points, the oldest drop out). Pushes for other model ids
 * are ignored. Thread-safety: push from one thread and read from any; methods are synchronized and cheap.
 */
public final class StatusFeed {
    /** Rows/s is measured over this span: long enough to smooth batching, short enough to show a stall. */
    static final long RATE_WINDOW_NANOS = 10_000_000_000L;
    /** Enough samples for a smooth rate at thousands of steps per second, bounded whatever the step rate. */
    private static final int MAX_RATE_SAMPLES = 4096;

    private final String modelId;
    private final int capacity;
    private final LongSupplier clock;
    private final Deque<LossPoint> history = new ArrayDeque<>();
    private final Deque<long[]> rateSamples = new ArrayDeque<>();
    private long version;
    private long step;
    private long rowsSeen;
    private double lastLoss = Double.NaN;
    private Map<String, double[]> weights = Map.of();

    /** A feed of {@code modelId} keeping the last {@code capacity} loss points. */
    public StatusFeed(String modelId, int capacity) {
        this(modelId, capacity, System::nanoTime);
    }

    StatusFeed(String modelId, int capacity, LongSupplier nanoClock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the status history must hold at least 1 point, got " + capacity
                    + " (serving.status-history)");
        }
        this.modelId = modelId;
        this.capacity = capacity;
        this.clock = nanoClock;
    }

    /** A training step of the model; ignored when it is another model's. */
    public synchronized void onStep(StepOutcome outcome) {
        if (!modelId.equals(outcome.modelId())) {
            return;
        }
        progress(outcome.step(), outcome.rowsSeen(), outcome.rolledBack() ? Double.NaN : outcome.loss());
    }

    /** A published version of the model; ignored when it is another model's. */
    public synchronized void onModel(ModelUpdate update) {
        if (!modelId.equals(update.modelId())) {
            return;
        }
        version = Math.max(version, update.version());
        Map<String, double[]> w = new LinkedHashMap<>();
        update.weights().forEach((name, tensor) -> w.put(name, tensor.toDoubleArray()));
        weights = Collections.unmodifiableMap(w);
        // Steps already pushed one by one carry the same step numbers: adding them again would duplicate.
        progress(update.step(), update.rowsSeen(), update.lastLoss());
    }

    private void progress(long atStep, long rows, double loss) {
        if (atStep <= step) {
            return;
        }
        step = atStep;
        rowsSeen = rows;
        rateSamples.addLast(new long[] {clock.getAsLong(), rows});
        if (rateSamples.size() > MAX_RATE_SAMPLES) {
            rateSamples.removeFirst();
        }
        if (Double.isFinite(loss)) {
            lastLoss = loss;
            history.addLast(new LossPoint(atStep, loss));
            if (history.size() > capacity) {
                history.removeFirst();
            }
        }
    }

    /**
     * This feed as a trainer's listener, for a status page beside the trainer ({@code demo}): each step,
     * and each committed publication (its weights).
     */
    public TrainerListener trainerListener() {
        return new TrainerListener() {
            @Override
            public void onBatch(BatchResult result, long receivedRows) {
                result.steps().forEach(StatusFeed.this::onStep);
            }

            @Override
            public void onCommitted(List<Output.ModelPublication> publications, long latencyNanos) {
                publications.forEach(p -> onModel(TrainingStateCodec.describe(p.state())));
            }
        };
    }

    /** The state now: a copy the caller may keep (the weight arrays are shared: read them, do not write). */
    public synchronized StatusSnapshot snapshot() {
        return new StatusSnapshot(modelId, version, step, rowsSeen, rowsPerSecond(), lastLoss,
                List.copyOf(history), weights);
    }

    /** Rows per second between the oldest and newest sample of the last window; 0 once samples age out. */
    private double rowsPerSecond() {
        long now = clock.getAsLong();
        while (!rateSamples.isEmpty() && now - rateSamples.peekFirst()[0] > RATE_WINDOW_NANOS) {
            rateSamples.removeFirst();
        }
        if (rateSamples.size() < 2) {
            return 0;
        }
        long[] first = rateSamples.peekFirst();
        long[] last = rateSamples.peekLast();
        double seconds = (last[0] - first[0]) / 1e9;
        return seconds > 0 ? (last[1] - first[1]) / seconds : 0;
    }
}
