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

    @Test
    void theGradientsOfEveryUseOfALeafAreSummedBeforeTheyAreAddedToItsGrad() {
        // PyTorch keeps one AccumulateGrad per leaf: grad = 1 + (1e8 + -1e8) = 1. Adding each use's gradient to the
        // grad in turn gives (1 + 1e8) - 1e8 = 0 in float32.
        Tensor x = Tensor.of(new float[] {1f}).requiresGrad_();
        x.setGrad(Tensor.of(new float[] {1f}));
        x.mul(1e8).add(x.mul(-1e8)).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(1f);
    }

    @Test
    void aLeafUsedTwiceGetsTheSumOfBothGradientsOnItsFirstBackward() {
        Tensor x = Tensor.of(new double[] {2, 3}, DType.FLOAT64).requiresGrad_();
        Tensor y = x.mul(x).add(x);
        y.sum().backward(null, true);
        assertThat(x.grad().toDoubleArray()).containsExactly(5, 7);
        y.sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(10, 14);
    }

    @Test
    void aLeafFrozenAfterTheForwardGetsNoGradient() {
        Tensor frozen = Tensor.of(1f, 2f).requiresGrad_();
        Tensor trained = Tensor.of(3f, 4f).requiresGrad_();
        Tensor loss = frozen.mul(trained).sum();
        frozen.requiresGrad_(false);

        loss.backward();

        assertThat(frozen.grad()).isNull();
        assertThat(trained.grad().toFloatArray()).containsExactly(1f, 2f);
    }
}
