package io.streamgrad.data;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StandardScaler}'s semantics; its numbers against scikit-learn's are {@link SklearnScalersTest}'s.
 */
class StandardScalerTest {

    private static final double[][] SMALL = {{1, 7, -2}, {3, 7, 6}, {2, 7, 0}, {6, 7, 0.5}};

    @Test
    void fitGivesThePopulationMeanAndVariance() {
        StandardScaler scaler = new StandardScaler();
        scaler.fit(new double[][] {{1}, {2}, {3}, {6}});

        assertThat(scaler.mean()).containsExactly(3);
        assertThat(scaler.var()).containsExactly(3.5);
        assertThat(scaler.scale()).containsExactly(Math.sqrt(3.5));
        assertThat(scaler.nSamplesSeen()).isEqualTo(4);
    }

    @Test
    void partialFitRowByRowAgreesWithFitOnAStreamWithALargeOffset() {
        // A large mean makes the naive sum-of-squares formula lose every digit; the Chan update must not.
        Random random = new Random(11);
        double[][] x = new double[500][2];
        for (double[] row : x) {
            row[0] = 1e9 + random.nextGaussian();
            row[1] = random.nextGaussian() * 1e-3;
        }
        StandardScaler batch = new StandardScaler();
        batch.fit(x);
        StandardScaler online = new StandardScaler();
        for (double[] row : x) {
            online.partialFit(new double[][] {row});
        }

        Float64Tolerance.assertClose("mean", batch.mean(), online.mean());
        assertThat(Math.abs(online.var()[0] - batch.var()[0])).isLessThan(1e-6 * batch.var()[0]);
        assertNear("var of the small feature", batch.var()[1], online.var()[1]);
        assertThat(batch.var()[0]).isBetween(0.8, 1.2);
    }

    private static void assertNear(String what, double want, double got) {
        Float64Tolerance.assertClose(what, new double[] {want}, new double[] {got});
    }

    @Test
    void aConstantFeatureGetsScaleOneAndIsOnlyCentred() {
        StandardScaler scaler = new StandardScaler();
        double[][] scaled = scaler.fitTransform(SMALL);

        assertThat(scaler.var()[1]).isZero();
        assertThat(scaler.scale()[1]).isEqualTo(1);
        for (double[] row : scaled) {
            assertThat(row[1]).isZero();
        }
    }

    @Test
    void withMeanAndWithStdSwitchTheSteps() {
        double[][] probe = {{4, 7, 1}};
        StandardScaler both = new StandardScaler();
        both.fit(SMALL);
        StandardScaler noMean = new StandardScaler(false, true);
        noMean.fit(SMALL);
        StandardScaler noStd = new StandardScaler(true, false);
        noStd.fit(SMALL);
        StandardScaler neither = new StandardScaler(false, false);
        neither.fit(SMALL);

        assertThat(noMean.transform(probe)[0][0]).isEqualTo(4 / both.scale()[0]);
        assertThat(noStd.transform(probe)[0][0]).isEqualTo(4 - both.mean()[0]);
        assertThat(neither.transform(probe)).isEqualTo(probe);
        assertThat(noMean.mean()).isEqualTo(both.mean());
        assertThatThrownBy(noStd::var).hasMessageContaining("var_ is not learned by StandardScaler(withMean=true, "
                + "withStd=false)");
        assertThatThrownBy(neither::mean).hasMessageContaining("mean_ is not learned");
        assertThat(neither.nSamplesSeen()).isEqualTo(4);
        assertThat(neither.nFeaturesIn()).isEqualTo(3);
    }

    @Test
    void inverseTransformUndoesTransform() {
        StandardScaler scaler = new StandardScaler();
        scaler.fit(SMALL);
        double[][] probe = {{0.5, 11, 100}, {-7, 9.5, 1e-3}};

        Float64Tolerance.assertClose("round trip", probe, scaler.inverseTransform(scaler.transform(probe)));
    }

    @Test
    void tensorsAreStandardizedInFloat64AndReturnedInTheirDtype() {
        StandardScaler scaler = new StandardScaler();
        Tensor x = Tensor.of(SMALL);
        Tensor scaled = scaler.fitTransform(x);

        assertThat(scaled.dtype()).isEqualTo(DType.FLOAT32);
        double[][] reference = scaler.transform(Arrays.stream(SMALL).map(row -> Arrays.stream(row)
                .map(v -> (float) v).toArray()).toArray(double[][]::new));
        assertThat(scaled.toFloatArray()[5]).isEqualTo((float) reference[1][2]);
    }

    @Test
    void errorsNameTheScaler() {
        StandardScaler scaler = new StandardScaler();
        assertThatThrownBy(() -> scaler.transform(SMALL))
                .isInstanceOf(NotFittedException.class)
                .hasMessage("This StandardScaler instance is not fitted yet. Call 'fit' or 'partialFit' first.");
        scaler.fit(SMALL);
        assertThatThrownBy(() -> scaler.partialFit(new double[][] {{1, 2}}))
                .hasMessage("X has 2 features, but StandardScaler is expecting 3 features as input.");
        assertThatThrownBy(() -> scaler.partialFit(new double[][] {{1, Double.POSITIVE_INFINITY, 2}}))
                .hasMessageContaining("X[0][1] is Infinity");
        assertThat(scaler.nSamplesSeen()).isEqualTo(4);
    }

    @Test
    void theStateDictRoundTripsBitForBit() {
        StandardScaler saved = new StandardScaler();
        saved.partialFit(Arrays.copyOfRange(SMALL, 0, 3));
        Map<String, Tensor> state = saved.stateDict();

        assertThat(state.keySet()).containsExactly("mean", "var", "scale", "n_samples_seen", "n_features_in",
                "with_mean", "with_std");
        StandardScaler restored = new StandardScaler();
        restored.loadStateDict(state);
        assertThat(restored.transform(SMALL)).isEqualTo(saved.transform(SMALL));
        saved.partialFit(Arrays.copyOfRange(SMALL, 3, 4));
        restored.partialFit(Arrays.copyOfRange(SMALL, 3, 4));
        assertThat(restored.var()).isEqualTo(saved.var());
    }

    @Test
    void theStateDictKeepsOnlyWhatTheSettingsLearn() {
        StandardScaler neither = new StandardScaler(false, false);
        neither.fit(SMALL);
        assertThat(neither.stateDict().keySet()).containsExactly("n_samples_seen", "n_features_in", "with_mean",
                "with_std");
        StandardScaler restored = new StandardScaler(false, false);
        restored.loadStateDict(neither.stateDict());
        assertThat(restored.nFeaturesIn()).isEqualTo(3);

        StandardScaler noStd = new StandardScaler(true, false);
        noStd.fit(SMALL);
        assertThatThrownBy(() -> new StandardScaler().loadStateDict(noStd.stateDict()))
                .hasMessageContaining("missing key(s) [var, scale]");
        StandardScaler noMean = new StandardScaler(false, true);
        noMean.fit(SMALL);
        assertThatThrownBy(() -> new StandardScaler().loadStateDict(noMean.stateDict()))
                .hasMessageContaining("with_mean=false, but this one has with_mean=true");
    }
}
