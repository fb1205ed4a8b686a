package io.streamgrad.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static io.streamgrad.data.Float64Tolerance.assertClose;
import static io.streamgrad.data.Float64Tolerance.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MinMaxScaler} against scikit-learn's numbers and semantics. */
class MinMaxScalerTest {

    private static final double[][] SMALL = {{1, 10, -2}, {3, 10, 6}, {2, 10, 0}};

    // ---- the golden scenario seed_startups: sklearn's MinMaxScaler on 50_Startups -------------------------

    private static JsonNode seedStartups() throws IOException {
        try (InputStream in = MinMaxScalerTest.class.getResourceAsStream("/golden/torch_ops.json")) {
            for (JsonNode s : new ObjectMapper().readTree(in).get("scenarios")) {
                if (s.get("name").asText().equals("seed_startups")) {
                    return s;
                }
            }
        }
        throw new AssertionError("no scenario seed_startups in torch_ops.json");
    }

    private static void assertMatchesGolden(JsonNode want, MinMaxScaler got, String how) {
        assertClose(how + " data_min", vector(want.get("data_min")), got.dataMin());
        assertClose(how + " data_max", vector(want.get("data_max")), got.dataMax());
        assertClose(how + " min", vector(want.get("min")), got.min());
        assertClose(how + " scale", vector(want.get("scale")), got.scale());
    }

    @Test
    void fitReproducesSklearnOnStartups() throws IOException {
        JsonNode golden = seedStartups();
        Dataset data = Datasets.startups();
        MinMaxScaler x = new MinMaxScaler();
        MinMaxScaler y = new MinMaxScaler();
        x.fit(data.features());
        y.fit(data.targetColumn());

        assertMatchesGolden(golden.get("scaler_x"), x, "fit X");
        assertMatchesGolden(golden.get("scaler_y"), y, "fit y");
        JsonNode firstRows = golden.get("X_scaled_first_rows");
        double[][] scaled = x.transform(data.features());
        for (int i = 0; i < firstRows.size(); i++) {
            assertClose("X_scaled[" + i + "]", vector(firstRows.get(i)), scaled[i]);
        }
        assertThat(x.nSamplesSeen()).isEqualTo(50);
    }

    @Test
    void partialFitRowByRowReproducesSklearnAndEqualsFitExactly() throws IOException {
        JsonNode golden = seedStartups();
        Dataset data = Datasets.startups();
        MinMaxScaler batch = new MinMaxScaler();
        batch.fit(data.features());
        MinMaxScaler online = new MinMaxScaler();
        for (double[] row : data.features()) {
            online.partialFit(new double[][] {row});
        }

        assertMatchesGolden(golden.get("scaler_x"), online, "partialFit X");
        assertThat(online.dataMin()).isEqualTo(batch.dataMin());
        assertThat(online.dataMax()).isEqualTo(batch.dataMax());
        assertThat(online.min()).isEqualTo(batch.min());
        assertThat(online.scale()).isEqualTo(batch.scale());
        assertThat(online.nSamplesSeen()).isEqualTo(batch.nSamplesSeen()).isEqualTo(50);
        assertThat(online.transform(data.features())).isEqualTo(batch.transform(data.features()));
    }

    @Test
    void anySplitIntoBatchesGivesTheSameStateAsFit() {
        Random random = new Random(7);
        double[][] x = new double[40][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = random.nextGaussian() * 1e3;
            }
        }
        MinMaxScaler batch = new MinMaxScaler(-1, 1);
        batch.fit(x);
        for (int trial = 0; trial < 20; trial++) {
            MinMaxScaler online = new MinMaxScaler(-1, 1);
            int start = 0;
            while (start < x.length) {
                int end = Math.min(x.length, start + 1 + random.nextInt(9));
                online.partialFit(java.util.Arrays.copyOfRange(x, start, end));
                start = end;
            }
            assertThat(online.stateDict().get("min").toDoubleArray()).isEqualTo(batch.min());
            assertThat(online.scale()).isEqualTo(batch.scale());
        }
    }

    // ---- semantics ---------------------------------------------------------------------------------------

    @Test
    void aConstantFeatureGetsScaleOneAndMapsToTheRangeMinimum() {
        MinMaxScaler scaler = new MinMaxScaler();
        double[][] scaled = scaler.fitTransform(SMALL);

        assertThat(scaler.dataRange()).containsExactly(2, 0, 8);
        assertThat(scaler.scale()).containsExactly(0.5, 1, 0.125);
        assertThat(scaled).isEqualTo(new double[][] {{0, 0, 0}, {1, 0, 1}, {0.5, 0, 0.25}});
        assertThat(scaler.min()).containsExactly(-0.5, -10, 0.25);
    }

    @Test
    void inverseTransformUndoesTransform() {
        MinMaxScaler scaler = new MinMaxScaler(-3, 5);
        scaler.fit(SMALL);
        double[][] probe = {{0.5, 11, 100}, {-7, 9.5, 1e-3}};

        assertClose("round trip", probe, scaler.inverseTransform(scaler.transform(probe)));
    }

    @Test
    void valuesOutsideTheSeenRangeAreNotClipped() {
        MinMaxScaler scaler = new MinMaxScaler();
        scaler.fit(new double[][] {{0}, {10}});

        assertThat(scaler.transform(new double[][] {{-5}, {20}})).isEqualTo(new double[][] {{-0.5}, {2}});
    }

    @Test
    void transformDoesNotModifyItsInput() {
        MinMaxScaler scaler = new MinMaxScaler();
        double[][] x = {{1, 10, -2}, {3, 10, 6}};
        scaler.fitTransform(x);

        assertThat(x).isEqualTo(new double[][] {{1, 10, -2}, {3, 10, 6}});
    }

    // ---- tensors -----------------------------------------------------------------------------------------

    @Test
    void aFloat32TensorIsScaledInFloat64ThenRoundedOnce() {
        Dataset data = Datasets.startups();
        MinMaxScaler scaler = new MinMaxScaler();
        scaler.fit(data.features());
        double[][] reference = scaler.transform(data.features());

        Tensor scaled = scaler.transform(data.toTensors(DType.FLOAT32).x());

        assertThat(scaled.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(scaled.shape().toArray()).containsExactly(50, 3);
        float[] got = scaled.toFloatArray();
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 3; j++) {
                // The input itself was rounded to float32 first, as torch.tensor(df.values, float32) would be.
                double fromFloat32Input = (float) data.features()[i][j] * scaler.scale()[j] + scaler.min()[j];
                assertThat(got[i * 3 + j]).isEqualTo((float) fromFloat32Input);
            }
        }
        Tensor scaled64 = scaler.transform(data.toTensors(DType.FLOAT64).x());
        assertThat(scaled64.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(scaled64.toDoubleArray()[4]).isEqualTo(reference[1][1]);
    }

    @Test
    void tensorResultsTakeARequestedDtypeAndIntegersScaleToFloat64() {
        MinMaxScaler scaler = new MinMaxScaler();
        Tensor ints = Tensor.of(new long[][] {{1, 10, -2}, {3, 10, 6}, {2, 10, 0}});
        scaler.fit(ints);

        assertThat(scaler.transform(ints).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(scaler.transform(ints, DType.FLOAT32).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(scaler.fitTransform(ints).toDoubleArray()).containsExactly(0, 0, 0, 1, 0, 1, 0.5, 0, 0.25);
        Tensor back = scaler.inverseTransform(Tensor.of(new double[][] {{0.5, 0, 0.25}}, DType.FLOAT64));
        assertThat(back.toDoubleArray()).containsExactly(2, 10, 0);
    }

    @Test
    void aNonContiguousTensorIsReadInRowMajorOrder() {
        MinMaxScaler scaler = new MinMaxScaler();
        Tensor transposed = Tensor.of(new double[][] {{1, 3, 2}, {10, 10, 10}, {-2, 6, 0}}, DType.FLOAT64).t();
        scaler.fit(transposed);

        assertThat(scaler.dataMin()).containsExactly(1, 10, -2);
        assertThat(scaler.dataMax()).containsExactly(3, 10, 6);
    }

    // ---- errors ------------------------------------------------------------------------------------------

    @Test
    void usingAnUnfittedScalerSaysToFitFirst() {
        MinMaxScaler scaler = new MinMaxScaler();

        assertThatThrownBy(() -> scaler.transform(SMALL))
                .isInstanceOf(NotFittedException.class)
                .hasMessage("This MinMaxScaler instance is not fitted yet. Call 'fit' or 'partialFit' first.");
        assertThatThrownBy(scaler::dataMin).isInstanceOf(NotFittedException.class);
        assertThatThrownBy(scaler::stateDict).isInstanceOf(NotFittedException.class);
        assertThat(scaler.isFitted()).isFalse();
    }

    @Test
    void aWrongFeatureCountIsNamed() {
        MinMaxScaler scaler = new MinMaxScaler();
        scaler.fit(SMALL);

        assertThatThrownBy(() -> scaler.transform(new double[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("X has 2 features, but MinMaxScaler is expecting 3 features as input.");
        assertThatThrownBy(() -> scaler.partialFit(new double[][] {{1, 2}}))
                .hasMessage("X has 2 features, but MinMaxScaler is expecting 3 features as input.");
    }

    @Test
    void nonFiniteValuesAreRejectedWithRowAndColumnAndLeaveTheScalerUnchanged() {
        MinMaxScaler scaler = new MinMaxScaler();
        scaler.fit(SMALL);
        double[] scaleBefore = scaler.scale();

        assertThatThrownBy(() -> scaler.partialFit(new double[][] {{1, 2, 3}, {100, Double.NaN, 3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X[1][1] is NaN")
                .hasMessageContaining("row 1, column 1");
        assertThatThrownBy(() -> scaler.transform(new double[][] {{1, 2, Double.NEGATIVE_INFINITY}}))
                .hasMessageContaining("X[0][2] is -Infinity");
        assertThat(scaler.scale()).isEqualTo(scaleBefore);
        assertThat(scaler.nSamplesSeen()).isEqualTo(3);
    }

    @Test
    void emptyRaggedAndOneDimensionalInputsAreRejected() {
        MinMaxScaler scaler = new MinMaxScaler();

        assertThatThrownBy(() -> scaler.fit(new double[0][]))
                .hasMessage("Found array with 0 sample(s) while a minimum of 1 is required by MinMaxScaler.");
        assertThatThrownBy(() -> scaler.fit(new double[][] {{1, 2}, {3}}))
                .hasMessageContaining("row 1 has 1 values, but row 0 has 2");
        assertThatThrownBy(() -> scaler.fit(Tensor.of(1.0, 2.0)))
                .hasMessageContaining("Expected a 2-D tensor [n_samples, n_features], got shape [2]")
                .hasMessageContaining("reshape(-1, 1)");
    }

    @Test
    void theFeatureRangeMustBeIncreasing() {
        assertThatThrownBy(() -> new MinMaxScaler(1, 0))
                .hasMessageContaining("Minimum of desired feature range must be smaller than maximum")
                .hasMessageContaining("(1.0, 0.0)");
    }

    // ---- state -------------------------------------------------------------------------------------------

    @Test
    void theStateDictNamesSklearnsAttributes() {
        MinMaxScaler scaler = new MinMaxScaler();
        scaler.fit(SMALL);
        Map<String, Tensor> state = scaler.stateDict();

        assertThat(state.keySet()).containsExactly("data_min", "data_max", "min", "scale", "n_samples_seen",
                "n_features_in", "feature_range");
        assertThat(state.get("data_min").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(state.get("data_min").toDoubleArray()).containsExactly(1, 10, -2);
        assertThat(state.get("scale").shape().toArray()).containsExactly(3);
        assertThat(state.get("n_samples_seen").dtype()).isEqualTo(DType.INT64);
        assertThat(state.get("n_samples_seen").dim()).isZero();
        assertThat(state.get("n_samples_seen").itemLong()).isEqualTo(3);
        assertThat(state.get("feature_range").toDoubleArray()).containsExactly(0, 1);
    }

    @Test
    void aLoadedStateTransformsBitForBitAndKeepsLearning() {
        Dataset data = Datasets.startups();
        MinMaxScaler saved = new MinMaxScaler();
        saved.partialFit(java.util.Arrays.copyOfRange(data.features(), 0, 20));
        MinMaxScaler restored = new MinMaxScaler();
        restored.loadStateDict(saved.stateDict());

        assertThat(restored.transform(data.features())).isEqualTo(saved.transform(data.features()));
        saved.partialFit(java.util.Arrays.copyOfRange(data.features(), 20, 50));
        restored.partialFit(java.util.Arrays.copyOfRange(data.features(), 20, 50));
        assertThat(restored.stateDict().get("scale").toDoubleArray()).isEqualTo(saved.scale());
        assertThat(restored.nSamplesSeen()).isEqualTo(50);
    }

    @Test
    void loadingAMismatchedStateFailsAndLeavesTheScalerUnchanged() {
        MinMaxScaler source = new MinMaxScaler();
        source.fit(SMALL);
        MinMaxScaler target = new MinMaxScaler();
        target.fit(new double[][] {{5, 6, 7}, {8, 9, 10}});
        double[] before = target.scale();

        Map<String, Tensor> missing = new LinkedHashMap<>(source.stateDict());
        missing.remove("scale");
        missing.put("scaler.scale", source.stateDict().get("scale"));
        assertThatThrownBy(() -> target.loadStateDict(missing))
                .hasMessageContaining("missing key(s) [scale]")
                .hasMessageContaining("unexpected key(s) [scaler.scale]");

        Map<String, Tensor> float32 = new LinkedHashMap<>(source.stateDict());
        float32.put("data_min", float32.get("data_min").to(DType.FLOAT32));
        assertThatThrownBy(() -> target.loadStateDict(float32))
                .hasMessageContaining("'data_min' is float32 [3]; expected float64 [3]");

        Map<String, Tensor> shortVector = new LinkedHashMap<>(source.stateDict());
        shortVector.put("min", Tensor.of(new double[] {1, 2}, DType.FLOAT64));
        assertThatThrownBy(() -> target.loadStateDict(shortVector))
                .hasMessageContaining("'min' is float64 [2]; expected float64 [3]");

        assertThatThrownBy(() -> new MinMaxScaler(-1, 1).loadStateDict(source.stateDict()))
                .hasMessageContaining("feature_range=(0.0, 1.0), but this one has feature_range=(-1.0, 1.0)");
        assertThat(target.scale()).isEqualTo(before);
    }

    @Test
    void aNullStateEntryIsNamedAndLeavesTheScalerUnchanged() {
        MinMaxScaler source = new MinMaxScaler();
        source.fit(SMALL);
        MinMaxScaler target = new MinMaxScaler();
        target.fit(new double[][] {{5, 6, 7}, {8, 9, 10}});
        double[] before = target.scale();
        Map<String, Tensor> withNull = new LinkedHashMap<>(source.stateDict());
        withNull.put("scale", null);

        assertThatThrownBy(() -> target.loadStateDict(withNull))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MinMaxScaler state_dict entry 'scale' is null; expected float64 [3]");
        assertThat(target.scale()).isEqualTo(before);
    }
}
