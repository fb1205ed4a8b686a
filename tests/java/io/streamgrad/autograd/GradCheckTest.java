package io.streamgrad.autograd;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The harness itself: it accepts right gradients and reports wrong ones precisely. */
class GradCheckTest {

    private final RandomTensors random = new RandomTensors(7);

    @Test
    void acceptsACorrectBackward() {
        assertThatCode(() -> GradCheck.of("x*y", x -> x[0].mul(x[1])).check(random.normal(2, 3), random.normal(3)))
                .doesNotThrowAnyException();
    }

    @Test
    void reportsOpShapesElementAndBothValuesForAWrongGradient() {
        // x * x.detach() has derivative 2x, but backward only sees the path through the first factor: x.
        assertThatThrownBy(() -> GradCheck.of("x*x.detach()", x -> x[0].mul(x[0].detach()))
                .check(random.awayFromZero(2, 2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gradient check failed for x*x.detach() with input shapes [float64[2, 2]]"
                        + " -> output shape [2, 2]")
                .hasMessageContaining("input 0 (shape [2, 2]) element 3 at index [1, 1]: analytic ")
                .hasMessageMatching("(?s).*analytic -?[0-9.E-]+ vs numeric -?[0-9.E-]+.*");
    }

    @Test
    void readsAMissingGradientAsZero() {
        assertThatThrownBy(() -> GradCheck.of("x.detach().mul(y)", x -> x[0].detach().mul(x[1]))
                .check(random.awayFromZero(3), random.normal(3)))
                .hasMessageContaining("input 0 (shape [3]) element 0 at index [0]: analytic <no grad, read as 0>");
    }

    @Test
    void refusesNonFloatingInputs() {
        assertThatThrownBy(() -> GradCheck.of("index", x -> x[0]).check(Tensor.of(1L, 2L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capture non-differentiable arguments in the function instead");
    }

    @Test
    void checksFloat32InputsWithTheirRealPerturbation() {
        assertThatCode(() -> GradCheck.of("x32.to(float64).pow(2)", x -> x[0].to(DType.FLOAT64).pow(2L))
                .eps(1e-2).check(random.normal(4).to(DType.FLOAT32)))
                .doesNotThrowAnyException();
    }

    @Test
    void float32CheckReportsAFloat32GradientThatDiffersFromTheFloat64One() {
        GradCheck.Function wrongInFloat32 = x -> x[0].dtype() == DType.FLOAT32
                ? x[0].mul(x[0].detach()) : x[0].mul(x[0]);
        assertThatThrownBy(() -> GradCheck.of("x*x", wrongInFloat32).checkFloat32AgainstFloat64(random.awayFromZero(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("float32 gradient check failed for x*x with input shapes [float32[3]]")
                .hasMessageContaining("vs float64 ");
        assertThatCode(() -> GradCheck.of("x*x", x -> x[0].mul(x[0])).checkFloat32AgainstFloat64(random.normal(3)))
                .doesNotThrowAnyException();
    }
}
