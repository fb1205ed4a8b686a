package io.streamgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import org.junit.jupiter.api.Test;

/** What reaches a leaf's {@code grad}: the engine's casts and sums, pinned to PyTorch's order of rounding. */
class BackwardGradientTest {

    @Test
    void aGradientGivenToBackwardIsCastToTheRootsDtypeBeforeItFlows() {
        // PyTorch casts grad_output to float32 first: 1 + 2^-24 rounds to 1 (a tie, to even), and 1 * 3 is 3. Flowing
        // in float64, 3 * (1 + 2^-24) would round to 3.0000002 only at the leaf.
        Tensor z = Tensor.of(new float[] {1f}).requiresGrad_();
        z.mul(3.0).backward(Tensor.of(new double[] {1 + Math.pow(2, -24)}, DType.FLOAT64));
        assertThat(z.grad().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(z.grad().toFloatArray()).containsExactly(3f);
    }

    @Test
    void anIntegerGradientGivenToBackwardIsCastToo() {
        Tensor x = Tensor.of(new double[] {0.5, 2}, DType.FLOAT64).requiresGrad_();
        x.mul(x).backward(Tensor.of(new long[] {1, 3}));
        assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(x.grad().toDoubleArray()).containsExactly(1, 12);
    }
}
