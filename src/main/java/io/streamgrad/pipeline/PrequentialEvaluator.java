package io.streamgrad.pipeline;

/**
 * Prequential (test-then-train) evaluation of a model that learns from a stream: before each training
 * step the pipeline predicts the batch with the current model and {@link #record records} the predictions
 * against the batch's targets; {@link #scores()} gives MSE, MAE and R² over the last {@code window} rows.
 *
 * <p>The scores are recomputed exactly from the window's rows on every {@code record}, in arrival order,
 * rather than kept as running sums: running sums of squares drift (catastrophic cancellation for targets
 * in the hundreds of thousands, as the startups' profits are), while one pass over a thousand rows per
 * step costs microseconds.
 *
 * <p>Thread-safety: {@code record} is called by one trainer thread; {@code scores()} may be read from any
 * thread (a meter scrape) and always sees a complete, consistent set of scores.
 */
public final class PrequentialEvaluator {
    private final double[] predictions;
    private final double[] targets;
    /** Where the next row goes. */
    private int next;
    private int size;
    private volatile PrequentialScores scores = PrequentialScores.EMPTY;

    /** @param window the number of most recent rows the scores cover, at least 1 */
    public PrequentialEvaluator(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the prequential window must hold at least 1 row, got " + window
                    + " (metrics.prequential.window)");
        }
        predictions = new double[window];
        targets = new double[window];
    }

    /**
     * Adds one batch: {@code predictions[i]} is the model's prediction for the row whose true value is
     * {@code targets[i]}, both in the target's original units. Rows older than the window drop out.
     * Non-finite predictions are kept: a model that predicts infinity has an infinite error.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public synchronized void record(double[] predictions, double[] targets) {
        if (predictions.length != targets.length) {
            throw new IllegalArgumentException("got " + predictions.length + " predictions for " + targets.length
                    + " targets; pass one prediction per row of the batch");
        }
        int window = this.targets.length;
        for (int i = 0; i < targets.length; i++) {
            this.predictions[next] = predictions[i];
            this.targets[next] = targets[i];
            next = next + 1 == window ? 0 : next + 1;
            size = Math.min(size + 1, window);
        }
        if (targets.length > 0) {
            scores = compute();
        }
    }

    /** The scores over the current window ({@link PrequentialScores#EMPTY} before the first row). */
    public PrequentialScores scores() {
        return scores;
    }

    /** The most rows the scores cover. */
    public int window() {
        return targets.length;
    }

    private PrequentialScores compute() {
        int window = targets.length;
        int first = (next - size + window) % window;
        double targetSum = 0;
        double squaredErrors = 0;
        double absoluteErrors = 0;
        // In arrival order, wrapping around the ring by comparison: a division per row would cost more than the sums.
        for (int k = 0, i = first; k < size; k++, i = i + 1 == window ? 0 : i + 1) {
            double error = predictions[i] - targets[i];
            squaredErrors += error * error;
            absoluteErrors += Math.abs(error);
            targetSum += targets[i];
        }
        double mean = targetSum / size;
        // Two passes (the mean first) so that SST is exact even when the targets are large and close.
        double totalSquares = 0;
        for (int k = 0, i = first; k < size; k++, i = i + 1 == window ? 0 : i + 1) {
            double d = targets[i] - mean;
            totalSquares += d * d;
        }
        return new PrequentialScores(size, squaredErrors / size, absoluteErrors / size,
                r2(squaredErrors, totalSquares));
    }

    private static double r2(double squaredErrors, double totalSquares) {
        if (totalSquares == 0) {
            return squaredErrors == 0 ? 1.0 : 0.0;
        }
        return 1 - squaredErrors / totalSquares;
    }
}
