package io.streamgrad.nn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Generator;
import io.streamgrad.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Linear}'s PyTorch initialization and its forward. */
class LinearTest {

    @Test
    void seededInitIsPyTorchs() {
        // torch.manual_seed(0); nn.Linear(3, 1): the golden file's seed_startups init_weight / init_bias.
        JsonNode scenario = Golden.scenario("seed_startups");
        Tensor.manualSeed(0);
        Linear layer = new Linear(3, 1);
        Golden.assertCloseF32("weight", layer.weight(), scenario.get("init_weight"));
        Golden.assertCloseF32("bias", layer.bias(), scenario.get("init_bias"));
        assertThat(layer.weight().toFloatArray())
                .containsExactly(-0.004322517663240433f, 0.3097158372402191f, -0.4751853346824646f);
        assertThat(layer.bias().toFloatArray()).containsExactly(-0.4248946011066437f);
    }

    @Test
    void weightAndBiasAreDrawnWithinOneOverRootFanIn() {
        Tensor.manualSeed(7);
        Linear layer = new Linear(16, 32);
        double bound = 1 / Math.sqrt(16);
        assertThat(layer.weight().shape().toArray()).containsExactly(32, 16);
        assertThat(layer.bias().shape().toArray()).containsExactly(32);
        for (float v : layer.weight().toFloatArray()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
        }
        for (float v : layer.bias().toFloatArray()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
        }
    }

    /** PyTorch fills the weight, then the bias, each element {@code fma(u, 2·bound, −bound)} in float32. */
    @Test
    void weightIsDrawnBeforeBiasFromTheDefaultStream() {
        Tensor.manualSeed(3);
        Linear layer = new Linear(4, 2);
        Generator replay = new Generator(3);
        float[] weight = replay.rand(new int[] {2, 4}, DType.FLOAT32).toFloatArray();
        float[] bias = replay.rand(new int[] {2}, DType.FLOAT32).toFloatArray();
        float bound = (float) (1 / Math.sqrt(4));
        float[] gotWeight = layer.weight().toFloatArray();
        for (int i = 0; i < weight.length; i++) {
            assertThat(gotWeight[i]).isEqualTo(Math.fma(weight[i], 2 * bound, -bound));
        }
        float[] gotBias = layer.bias().toFloatArray();
        for (int i = 0; i < bias.length; i++) {
            assertThat(gotBias[i]).isEqualTo(Math.fma(bias[i], 2 * bound, -bound));
        }
    }

    @Test
    void forwardIsInputTimesWeightTransposedPlusBias() {
        Linear layer = new Linear(2, 2);
        layer.loadStateDict(Map.of(
                "weight", Tensor.of(new double[][] {{1, 2}, {3, 4}}),
                "bias", Tensor.of(0.5, -0.5)));
        Tensor y = layer.forward(Tensor.of(new double[][] {{1, 1}, {2, 0}}));
        assertThat(y.toFloatArray()).containsExactly(3.5f, 6.5f, 2.5f, 5.5f);
        assertThat(y.gradFn().name()).isEqualTo("AddmmBackward0");
    }

    @Test
    void withoutBiasForwardIsAPlainProduct() {
        Linear layer = new Linear(2, 1, false);
        layer.loadStateDict(Map.of("weight", Tensor.of(new double[][] {{2, -1}})));
        assertThat(layer.forward(Tensor.of(new double[][] {{3, 4}})).toFloatArray()).containsExactly(2f);
    }
}
