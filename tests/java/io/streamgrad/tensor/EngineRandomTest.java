package io.streamgrad.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The default generator reproduces PyTorch's CPU sequences for the same seed. */
@Isolated
class EngineRandomTest {

    @Test
    void randAfterManualSeedZeroMatchesPyTorch() {
        Tensor.manualSeed(0);
        float[] values = Tensor.rand(3).toFloatArray();
        assertThat(values[0]).isCloseTo(0.4962566f, within(1e-7f));
        assertThat(values[1]).isCloseTo(0.7682218f, within(1e-7f));
        assertThat(values[2]).isCloseTo(0.08847743f, within(1e-7f));
    }

    @Test
    void randnAfterManualSeedZeroMatchesPyTorch() {
        Tensor.manualSeed(0);
        float[] values = Tensor.randn(3).toFloatArray();
        assertThat(values[0]).isCloseTo(1.5410f, within(1e-4f));
        assertThat(values[1]).isCloseTo(-0.2934f, within(1e-4f));
        assertThat(values[2]).isCloseTo(-2.1788f, within(1e-4f));
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        Tensor.manualSeed(1234);
        float[] first = Tensor.rand(2, 5).toFloatArray();
        double[] firstNormal = Tensor.randn(DType.FLOAT64, 20).toDoubleArray();
        Tensor.manualSeed(1234);
        assertThat(Tensor.rand(2, 5).toFloatArray()).containsExactly(first);
        assertThat(Tensor.randn(DType.FLOAT64, 20).toDoubleArray()).containsExactly(firstNormal);
        assertThat(Tensor.rand(2, 5).toFloatArray()).isNotEqualTo(first);
    }
}
