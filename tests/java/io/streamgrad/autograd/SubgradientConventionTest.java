package io.streamgrad.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Where an op is not differentiable, finite differences prove nothing; these pin PyTorch's conventions
 * at the kinks and ties instead.
 */
class SubgradientConventionTest {

    private static double[] gradientOf(UnaryOperator<Tensor> f, double... values) {
        Tensor x = Tensor.of(values, DType.FLOAT64).requiresGrad_();
        f.apply(x).sum().backward();
        return x.grad().toDoubleArray();
    }

    @Test
    void reluAndAbsHaveZeroGradientAtZero() {
        assertThat(gradientOf(Tensor::relu, -1, 0, 2)).containsExactly(0, 0, 1);
        assertThat(gradientOf(Tensor::abs, -1, 0, 2)).containsExactly(-1, 0, 1);
    }

    @Test
    void clampPassesTheGradientAtItsBounds() {
        assertThat(gradientOf(x -> x.clamp(-1, 1), -2, -1, 0, 1, 2)).containsExactly(0, 1, 1, 1, 0);
        assertThat(gradientOf(x -> x.clampMin(0), -1, 0, 1)).containsExactly(0, 1, 1);
    }

    @Test
    void amaxAndAminSplitTheGradientEvenlyAmongTies() {
        assertThat(gradientOf(Tensor::amax, 1, 3, 3, 2)).containsExactly(0, 0.5, 0.5, 0);
        assertThat(gradientOf(Tensor::amin, 1, 1, 1, 2)).containsExactly(1 / 3.0, 1 / 3.0, 1 / 3.0, 0);
        Tensor x = Tensor.of(new double[][] {{1, 1}, {2, 0}}, DType.FLOAT64).requiresGrad_();
        x.amax(1).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(0.5, 0.5, 1, 0);
    }
}
