package io.streamgrad.pipeline;

/**
 * Prequential (test-then-train) scores over a sliding window: each row was predicted by the model as it
 * was <em>before</em> training on that row, so these are honest out-of-sample errors of a model that never
 * stops learning. All errors are in the target's original units.
 *
 * @param rows the rows in the window (at most the window size; 0 before the first record)
 * @param mse  mean squared error, NaN when {@code rows == 0}
 * @param mae  mean absolute error, NaN when {@code rows == 0}
 * @param r2   coefficient of determination {@code 1 - SSE/SST} against the window's own mean target; when
 *             all targets in the window are equal (SST = 0) it is 1 for a perfect fit and 0 otherwise, as
 *             scikit-learn's {@code r2_score} reports; NaN when {@code rows == 0}
 */
public record PrequentialScores(int rows, double mse, double mae, double r2) {
    /** The scores before any row was recorded. */
    public static final PrequentialScores EMPTY = new PrequentialScores(0, Double.NaN, Double.NaN, Double.NaN);
}
