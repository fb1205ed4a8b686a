package io.streamgrad.pipeline;

/**
 * Observes a running trainer (metrics, progress bars, status pages). Callbacks run on the trainer thread
 * and must return quickly; they must not throw.
 */
public interface TrainerListener {
    TrainerListener NONE = new TrainerListener() {
    };

    /** A batch was processed: its steps and rejections, before anything of it is committed. */
    default void onBatch(BatchResult result, long receivedRows) {
    }

    /** A transaction committed: these model versions and the offsets are now visible. */
    default void onCommitted(java.util.List<Output.ModelPublication> publications, long latencyNanos) {
    }
}
