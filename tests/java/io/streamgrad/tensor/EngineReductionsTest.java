package io.streamgrad.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** sum, mean, amax and amin over dim lists: PyTorch's shapes, values and gradients for the edge cases. */
class EngineReductionsTest {

    private static final int[] NO_DIMS = {};

    private static Tensor leaf() {
        return Tensor.of(new double[][] {{1, 5, 2}, {4, 3, 0}}).requiresGrad_();
    }

    /** ATen's make_dim_mask reads {@code dim=[]} as every dim, so the result is that of the full reduction. */
    @Test
    void anEmptyDimListReducesOverAllDims() {
        Tensor x = leaf();
        Tensor sum = x.sum(NO_DIMS, false);
        assertThat(sum.shape()).isEqualTo(Shape.of());
        assertThat(sum.item()).isEqualTo(15.0);
        assertThat(sum.gradFn().name()).isEqualTo("SumBackward1");
        sum.backward();
        assertThat(x.grad().toFloatArray()).containsOnly(1f);

        Tensor y = leaf();
        Tensor mean = y.mean(NO_DIMS, true);
        assertThat(mean.shape()).isEqualTo(Shape.of(1, 1));
        assertThat(mean.item()).isEqualTo(2.5);
        assertThat(mean.gradFn().name()).isEqualTo("MeanBackward1");
        mean.backward(Tensor.ones(1, 1));
        assertThat(y.grad().toFloatArray()).containsOnly(1f / 6);

        Tensor z = leaf();
        Tensor max = z.amax(NO_DIMS, false);
        assertThat(max.shape()).isEqualTo(Shape.of());
        assertThat(max.item()).isEqualTo(5.0);
        assertThat(max.gradFn().name()).isEqualTo("AmaxBackward0");
        max.backward();
        assertThat(z.grad().toFloatArray()).containsExactly(0f, 1f, 0f, 0f, 0f, 0f);

        Tensor w = leaf();
        Tensor min = w.amin(NO_DIMS, true);
        assertThat(min.shape()).isEqualTo(Shape.of(1, 1));
        assertThat(min.item()).isEqualTo(0.0);
        assertThat(min.gradFn().name()).isEqualTo("AminBackward0");
        min.backward(Tensor.ones(1, 1));
        assertThat(w.grad().toFloatArray()).containsExactly(0f, 0f, 0f, 0f, 0f, 1f);

        assertThat(Tensor.of(3L, 4L).sum(NO_DIMS, false).itemLong()).isEqualTo(7L);
    }

    /** PyTorch refuses only an empty reduced dim: the extremes of an empty tensor over non-empty dims are empty. */
    @Test
    void amaxAndAminOfAnEmptyTensorAreEmptyUnlessAReducedDimIsEmpty() {
        assertThat(Tensor.zeros(0, 3).amax(1).shape()).isEqualTo(Shape.of(0));
        assertThat(Tensor.zeros(0, 3).amin(-1, true).shape()).isEqualTo(Shape.of(0, 1));
        Tensor kept = Tensor.zeros(DType.INT64, 2, 0).amax(0);
        assertThat(kept.shape()).isEqualTo(Shape.of(0));
        assertThat(kept.dtype()).isEqualTo(DType.INT64);

        assertThatThrownBy(() -> Tensor.zeros(0, 3).amax(0)).isInstanceOf(TensorException.class)
                .hasMessage("amax(): Expected reduction dim 0 to have non-zero size.");
        assertThatThrownBy(() -> Tensor.zeros(3, 0).amin(new int[] {0, -1}, false))
                .hasMessage("amin(): Expected reduction dim -1 to have non-zero size.");
        assertThatThrownBy(() -> Tensor.zeros(0).amax())
                .hasMessage("amax(): Expected reduction dim to be specified for input.numel() == 0. Specify the"
                        + " reduction dim with the 'dim' argument.");
        assertThatThrownBy(() -> Tensor.zeros(0, 3).amin(NO_DIMS, true))
                .hasMessage("amin(): Expected reduction dim to be specified for input.numel() == 0. Specify the"
                        + " reduction dim with the 'dim' argument.");
    }
}
