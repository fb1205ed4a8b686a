package io.streamgrad.pipeline;

/**
 * What one training step did: the batch's loss (in scaled units when a scaler is used), whether it was
 * rolled back and why, the learning rate after the step, the counters after it, and how long each phase
 * took.
 *
 * @param rollbackReason  null when the step was applied
 * @param forwardNanos    forward pass and loss (every step runs them)
 * @param backwardNanos   backward pass and gradient norm, {@link #NOT_REACHED} when the loss was not finite
 * @param optimizerNanos  optimizer step (and its undo when a weight became non-finite), {@link #NOT_REACHED}
 *                        when the loss or the gradient was not finite
 */
public record StepOutcome(String modelId, long step, long rowsSeen, int batchSize, double loss, double learningRate,
                          String rollbackReason, double gradientNorm, double weightNorm,
                          long forwardNanos, long backwardNanos, long optimizerNanos) {
    /** The duration of a phase that a rolled-back step did not reach. */
    public static final long NOT_REACHED = -1;

    /** Whether the step was undone, the weights left as before it; {@link #rollbackReason()} says why. */
    public boolean rolledBack() {
        return rollbackReason != null;
    }
}
