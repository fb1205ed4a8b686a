package io.streamgrad.pipeline;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.data.MinMaxScaler;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test, then train, in one step: the predictions {@link TrainingState#trainPrequentially} reports are, bit for
 * bit, those {@link TrainingState#predict} gives just before {@link TrainingState#train} — whether the step
 * reused its own forward pass (batch within the min-max extremes) or predicted separately (extremes moved).
 */
class PrequentialStepTest {
    private static ModelSpec spec(String model, String scaler) {
        Map<String, Object> config = new HashMap<>(Map.of("model.architecture", model, "training.scaler", scaler,
                "input.features", List.of("a", "b", "c"), "input.target", "y"));
        if (model.equals("mlp")) {
            config.put("model.hidden", List.of(4));
        }
        return ModelSpec.from(ConfigTree.of(config));
    }

    /** Batches that alternately stay within and leave the range seen so far. */
    private static List<double[][]> batches(long seed) {
        Random r = new Random(seed);
        List<double[][]> out = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            double spread = b % 3 == 2 ? 100 + 50 * b : 100;
            double[] x = new double[16 * 3];
            double[] y = new double[16];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextDouble() * spread;
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = r.nextDouble() * spread * 2;
            }
            out.add(new double[][] {x, y});
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"linear, minmax", "linear, none", "linear, standard", "mlp, minmax"})
    void reportsExactlyWhatTheModelPredictedBeforeTheStep(String model, String scaler) {
        Tensor.manualSeed(7);
        TrainingState stepped = TrainingState.fresh(spec(model, scaler), "m");
        Tensor.manualSeed(7);
        TrainingState reference = TrainingState.fresh(spec(model, scaler), "m");
        int compared = 0;
        int reusable = 0;
        for (double[][] batch : batches(3)) {
            reusable += reference.scalerX() != null && reference.scalerX().transformUnchangedBy(batch[0], 3)
                    && reference.scalerY().transformUnchangedBy(batch[1], 1) ? 1 : 0;
            double[] expected = reference.canPredict() ? reference.predict(batch[0], batch[1].length) : null;
            StepOutcome referenceOutcome = reference.train(batch[0], batch[1]);

            TrainingState.PrequentialStep step = stepped.trainPrequentially(batch[0], batch[1]);

            assertThat(step.predictionsBefore()).isEqualTo(expected);
            assertThat(step.outcome().loss()).isEqualTo(referenceOutcome.loss());
            compared += expected == null ? 0 : 1;
        }
        assertThat(compared).as("batches whose predictions were compared").isEqualTo(scaler.equals("none") ? 12 : 11);
        if (scaler.equals("minmax")) {
            assertThat(reusable).as("batches whose step reused its forward pass").isBetween(1, 10);
        }
    }

    @ParameterizedTest
    @CsvSource({"5, true", "0, true", "10, true", "10.5, false", "-1, false", "NaN, false"})
    void minMaxKnowsWhichBatchesKeepItsTransform(double value, boolean unchanged) {
        MinMaxScaler scaler = new MinMaxScaler();
        scaler.partialFit(new double[] {0, 100, 10, 200}, 2);

        assertThat(scaler.transformUnchangedBy(new double[] {value, 150}, 2)).isEqualTo(unchanged);
        assertThat(scaler.transformUnchangedBy(new double[] {5, 250}, 2)).isFalse();
        assertThat(new MinMaxScaler().transformUnchangedBy(new double[] {1, 1}, 2)).as("unfitted").isFalse();
    }
}
