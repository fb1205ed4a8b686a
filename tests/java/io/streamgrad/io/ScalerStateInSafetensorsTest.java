package io.streamgrad.io;

import io.streamgrad.data.Dataset;
import io.streamgrad.data.Datasets;
import io.streamgrad.data.MinMaxScaler;
import io.streamgrad.data.StandardScaler;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline's use: scaler state travels inside a model update under a {@code scaler.} prefix and is
 * restored bit for bit on the other side.
 */
class ScalerStateInSafetensorsTest {

    private static Map<String, Tensor> withPrefix(String prefix, Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    private static Map<String, Tensor> underPrefix(String prefix, Map<String, Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    @Test
    void aMinMaxScalerRestoredFromAModelUpdateScalesExactlyAsTheOriginal() {
        Dataset data = Datasets.startups();
        MinMaxScaler original = new MinMaxScaler();
        for (double[] row : data.features()) {
            original.partialFit(new double[][] {row});
        }
        Map<String, Tensor> update = new LinkedHashMap<>();
        update.put("weight", Tensor.of(new float[][] {{0.5f, 0.25f, 0.125f}}));
        update.put("bias", Tensor.of(0.0f));
        update.putAll(withPrefix("scaler.", original.stateDict()));

        SafetensorsData received = Safetensors.load(Safetensors.save(update, Map.of("version", "1")));
        MinMaxScaler restored = new MinMaxScaler();
        restored.loadStateDict(underPrefix("scaler.", received.tensors()));

        assertThat(received.tensor("scaler.scale").dtype()).isEqualTo(DType.FLOAT64);
        for (String attribute : new String[] {"data_min", "data_max", "min", "scale"}) {
            assertThat(restored.stateDict().get(attribute).toDoubleArray()).as(attribute)
                    .isEqualTo(original.stateDict().get(attribute).toDoubleArray());
        }
        assertThat(restored.nSamplesSeen()).isEqualTo(50);
        Tensor x = data.toTensors(DType.FLOAT32).x();
        assertThat(restored.transform(x).toFloatArray()).isEqualTo(original.transform(x).toFloatArray());
    }

    @Test
    void aStandardScalerRestoredFromBytesKeepsLearningAsTheOriginal() {
        double[][] x = Datasets.startups().features();
        StandardScaler original = new StandardScaler();
        original.partialFit(Arrays.copyOfRange(x, 0, 30));
        StandardScaler restored = new StandardScaler();
        restored.loadStateDict(underPrefix("scaler.",
                Safetensors.load(Safetensors.save(withPrefix("scaler.", original.stateDict()))).tensors()));

        original.partialFit(Arrays.copyOfRange(x, 30, 50));
        restored.partialFit(Arrays.copyOfRange(x, 30, 50));

        assertThat(restored.mean()).isEqualTo(original.mean());
        assertThat(restored.var()).isEqualTo(original.var());
        assertThat(restored.scale()).isEqualTo(original.scale());
    }
}
