package io.streamgrad.metrics;

import io.streamgrad.pipeline.BatchResult;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.StepOutcome;
import io.streamgrad.pipeline.TrainerListener;

import java.util.List;

/**
 * Feeds a trainer's batches and commits into {@link TrainingMetrics}: records consumed, dead letters by
 * reason class, steps with the duration of each phase they reached, published versions and transaction
 * latency. (The prequential scores reach the metrics another way: the trainer records into
 * {@link TrainingMetrics#evaluator}.) Runs on the trainer thread, as {@link TrainerListener} requires;
 * never throws.
 */
public final class MeteringListener implements TrainerListener {
    private final TrainingMetrics metrics;
    /** The trainer reports a running total of received rows; the counter wants increments. */
    private long countedRows;

    /**
     * A listener that records into {@code metrics}. Give each trainer its own: it turns that trainer's running
     * row total into increments.
     */
    public MeteringListener(TrainingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onBatch(BatchResult result, long receivedRows) {
        metrics.rowsConsumed(Math.max(0, receivedRows - countedRows));
        countedRows = Math.max(countedRows, receivedRows);
        for (Output output : result.outputs()) {
            if (output instanceof Output.DeadLetter dead) {
                metrics.rowRejected(dead.reason());
            }
        }
        for (StepOutcome step : result.steps()) {
            metrics.recordStep(step, step.forwardNanos(), step.backwardNanos(), step.optimizerNanos());
        }
    }

    @Override
    public void onCommitted(List<Output.ModelPublication> publications, long latencyNanos) {
        metrics.recordCommit(latencyNanos);
        for (Output.ModelPublication publication : publications) {
            metrics.modelVersion(publication.modelId(), publication.version());
        }
    }
}
