package io.streamgrad.pipeline;

/**
 * What one training step did: the batch's loss (in scaled units when a scaler is used), whether it was
 * rolled back and why, the learning rate after the step, and the counters after it.
 *
 * @param rollbackReason null when the step was applied
 */
public record StepOutcome(String modelId, long step, long rowsSeen, int batchSize, double loss, double learningRate,
                          String rollbackReason, double gradientNorm, double weightNorm) {

    public boolean rolledBack() {
        return rollbackReason != null;
    }
}
