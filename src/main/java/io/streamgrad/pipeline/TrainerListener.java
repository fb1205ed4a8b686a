package io.streamgrad.pipeline;

/**
 * Observes a running trainer (metrics, progress bars, status pages). Callbacks run on the trainer thread
 * and must return quickly; they must not throw.
 */
public interface TrainerListener {
    /** A listener that ignores every callback. */
    TrainerListener NONE = new TrainerListener() {
    };

    /** A batch was processed: its steps and rejections, before anything of it is committed. */
    default void onBatch(BatchResult result, long receivedRows) {
    }

    /** A transaction committed: these model versions and the offsets are now visible. */
    default void onCommitted(java.util.List<Output.ModelPublication> publications, long latencyNanos) {
    }

    /** One listener that calls each of {@code listeners} in order. */
    static TrainerListener all(TrainerListener... listeners) {
        return new TrainerListener() {
            @Override
            public void onBatch(BatchResult result, long receivedRows) {
                for (TrainerListener l : listeners) {
                    l.onBatch(result, receivedRows);
                }
            }

            @Override
            public void onCommitted(java.util.List<Output.ModelPublication> publications, long latencyNanos) {
                for (TrainerListener l : listeners) {
                    l.onCommitted(publications, latencyNanos);
                }
            }
        };
    }
}
