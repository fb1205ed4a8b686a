package io.streamgrad.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The sliding-window scores equal a brute-force computation over the last W rows of the stream. */
class PrequentialEvaluatorTest {

    /** MSE, MAE and R² straight from their definitions over {@code rows} = {prediction, target} pairs. */
    private static PrequentialScores bruteForce(List<double[]> rows) {
        int n = rows.size();
        double mean = rows.stream().mapToDouble(r -> r[1]).average().orElseThrow();
        double sse = 0;
        double sae = 0;
        double sst = 0;
        for (double[] r : rows) {
            sse += (r[0] - r[1]) * (r[0] - r[1]);
            sae += Math.abs(r[0] - r[1]);
            sst += (r[1] - mean) * (r[1] - mean);
        }
        double r2 = sst == 0 ? (sse == 0 ? 1 : 0) : 1 - sse / sst;
        return new PrequentialScores(n, sse / n, sae / n, r2);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 1000})
    void scoresMatchBruteForceOverTheLastWindowRows(int window) {
        Random random = new Random(window);
        PrequentialEvaluator evaluator = new PrequentialEvaluator(window);
        List<double[]> stream = new ArrayList<>();
        for (int batch = 0; batch < 200; batch++) {
            int size = random.nextInt(40);   // includes empty batches and batches larger than small windows
            double[] predictions = new double[size];
            double[] targets = new double[size];
            for (int i = 0; i < size; i++) {
                // Startups-like magnitudes: profits around 1e5, so that cancellation would show.
                targets[i] = 1e5 + random.nextGaussian() * 4e4;
                predictions[i] = targets[i] + random.nextGaussian() * 1e4;
                stream.add(new double[] {predictions[i], targets[i]});
            }
            evaluator.record(predictions, targets);
            if (stream.isEmpty()) {
                assertThat(evaluator.scores()).isEqualTo(PrequentialScores.EMPTY);
                continue;
            }
            PrequentialScores expected = bruteForce(stream.subList(Math.max(0, stream.size() - window), stream.size()));
            PrequentialScores actual = evaluator.scores();
            assertThat(actual.rows()).isEqualTo(expected.rows());
            assertThat(actual.mse()).isCloseTo(expected.mse(), within(Math.abs(expected.mse()) * 1e-12));
            assertThat(actual.mae()).isCloseTo(expected.mae(), within(Math.abs(expected.mae()) * 1e-12));
            assertThat(actual.r2()).isCloseTo(expected.r2(), within(1e-12));
        }
    }

    @Test
    void aPerfectModelScoresZeroErrorAndR2One() {
        PrequentialEvaluator evaluator = new PrequentialEvaluator(3);
        evaluator.record(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4});

        assertThat(evaluator.scores()).isEqualTo(new PrequentialScores(3, 0, 0, 1));
    }

    @Test
    void knownValues() {
        PrequentialEvaluator evaluator = new PrequentialEvaluator(10);
        evaluator.record(new double[] {2, 2, 2}, new double[] {1, 2, 3});

        // errors 1, 0, -1: MSE 2/3, MAE 2/3; SST = 2, so R² = 1 - 2/2 = 0 (as good as predicting the mean).
        assertThat(evaluator.scores()).isEqualTo(new PrequentialScores(3, 2.0 / 3, 2.0 / 3, 0));
    }

    @Test
    void constantTargetsFollowScikitLearnsConvention() {
        PrequentialEvaluator perfect = new PrequentialEvaluator(5);
        perfect.record(new double[] {7, 7}, new double[] {7, 7});
        PrequentialEvaluator off = new PrequentialEvaluator(5);
        off.record(new double[] {6, 8}, new double[] {7, 7});

        assertThat(perfect.scores().r2()).isEqualTo(1.0);
        assertThat(off.scores().r2()).isEqualTo(0.0);
    }

    @Test
    void aNonFinitePredictionMakesTheErrorNonFinite() {
        PrequentialEvaluator evaluator = new PrequentialEvaluator(5);
        evaluator.record(new double[] {Double.POSITIVE_INFINITY, 1}, new double[] {1, 2});

        assertThat(evaluator.scores().mse()).isInfinite();
    }

    @Test
    void mismatchedLengthsAndEmptyWindowsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new PrequentialEvaluator(5).record(new double[2], new double[3]))
                .hasMessage("got 2 predictions for 3 targets; pass one prediction per row of the batch");
        assertThatThrownBy(() -> new PrequentialEvaluator(0)).hasMessageContaining("metrics.prequential.window");
    }
}
