package io.streamgrad.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Views share their base's storage and version counter, as in PyTorch: a write through a view shows in the
 * base, and every in-place op bumps the version seen by the base and all its views.
 */
class EngineViewsAndVersionsTest {

    private static Tensor base() {
        return Tensor.zeros(2, 3);
    }

    static Stream<Arguments> views() {
        return Stream.of(
                view("t()", Tensor::t),
                view("transpose(0, 1)", x -> x.transpose(0, 1)),
                view("view(6)", x -> x.view(6)),
                view("view(3, -1)", x -> x.view(3, -1)),
                view("reshape(3, 2) of a contiguous tensor", x -> x.reshape(3, 2)),
                view("flatten()", Tensor::flatten),
                view("unsqueeze(1)", x -> x.unsqueeze(1)),
                view("unsqueeze(0).squeeze()", x -> x.unsqueeze(0).squeeze()),
                view("unsqueeze(0).squeeze(0)", x -> x.unsqueeze(0).squeeze(0)),
                view("select(1, 2)", x -> x.select(1, 2)),
                view("get(1)", x -> x.get(1)),
                view("narrow(1, 1, 2)", x -> x.narrow(1, 1, 2)),
                view("get(1).narrow(0, 1, 1)", x -> x.get(1).narrow(0, 1, 1)),
                view("detach()", Tensor::detach));
    }

    private static Arguments view(String name, UnaryOperator<Tensor> op) {
        return Arguments.of(name, op);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("views")
    void writingThroughAViewShowsInTheBaseAndBumpsTheSharedVersion(String name, UnaryOperator<Tensor> op) {
        Tensor base = base();
        Tensor view = op.apply(base);
        assertThat(view.storage()).isSameAs(base.storage());

        view.fill_(7);

        assertThat(base.eq(7.0).sum().itemLong()).isEqualTo(view.numel());
        assertThat(view.toFloatArray()).containsOnly(7f);
        assertThat(base.version()).isEqualTo(1);
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void writingThroughTheBaseShowsInTheViewAndBumpsItsVersion() {
        Tensor base = base();
        Tensor row = base.get(1);
        Tensor column = base.select(1, 0);

        base.add_(1.5);

        assertThat(row.toFloatArray()).containsOnly(1.5f);
        assertThat(column.toFloatArray()).containsOnly(1.5f);
        assertThat(row.version()).isEqualTo(1);
        assertThat(column.version()).isEqualTo(1);
    }

    @Test
    void aViewOfAViewWritesIntoTheRightElements() {
        Tensor base = Tensor.arange(12).reshape(3, 4).to(DType.FLOAT32);
        base.transpose(0, 1).narrow(0, 1, 2).select(1, 2).fill_(-1);
        assertThat(base.tolist()).isEqualTo(java.util.List.of(
                java.util.List.of(0f, 1f, 2f, 3f),
                java.util.List.of(4f, 5f, 6f, 7f),
                java.util.List.of(8f, -1f, -1f, 11f)));
    }

    @Test
    void reshapeOfATransposedTensorCopiesWithItsOwnVersion() {
        Tensor base = base();
        Tensor copy = base.t().reshape(6);
        assertThat(copy.storage()).isNotSameAs(base.storage());

        copy.fill_(3);

        assertThat(base.toFloatArray()).containsOnly(0f);
        assertThat(base.version()).isZero();
        assertThat(copy.version()).isEqualTo(1);
    }

    @Test
    void cloneAndNonContiguousContiguousCopyWithTheirOwnVersions() {
        Tensor base = base();
        Tensor clone = base.clone();
        Tensor contiguous = base.t().contiguous();

        clone.fill_(1);
        contiguous.fill_(2);

        assertThat(base.toFloatArray()).containsOnly(0f);
        assertThat(base.version()).isZero();
        assertThat(base.contiguous()).isSameAs(base);
        assertThat(base.to(DType.FLOAT32)).isSameAs(base);
    }

    @Test
    void everyInPlaceOpBumpsTheVersionByOne() {
        Tensor x = Tensor.ones(2, 2);
        int expected = 0;
        for (UnaryOperator<Tensor> op : java.util.List.<UnaryOperator<Tensor>>of(
                t -> t.add_(1.0), t -> t.add_(Tensor.ones(2)), t -> t.add_(Tensor.ones(2), 2.0), t -> t.sub_(1L),
                t -> t.mul_(2.0), t -> t.div_(Tensor.full(2.0, 2, 2)), t -> t.clamp_(0, 10), t -> t.t_(),
                t -> t.fill_(3), t -> t.zero_(), t -> t.copy_(Tensor.ones(2)))) {
            op.apply(x);
            expected++;
            assertThat(x.version()).isEqualTo(expected);
        }
    }

    @Test
    void outOfPlaceOpsLeaveTheVersionAlone() {
        Tensor x = Tensor.ones(2, 2);
        x.add(1.0).mul(x).exp().sum();
        x.t().reshape(4).clone();
        assertThat(x.version()).isZero();
    }

    @Test
    void squeezeOfADimListRemovesTheListedSizeOneDimsOnly() {
        Tensor x = Tensor.fromData(new double[] {1, 2}, DType.FLOAT32, 1, 2, 1).requiresGrad_();

        Tensor y = x.squeeze(new int[] {-1, 0, 1});
        y.backward(Tensor.fromData(new double[] {3, 4}, DType.FLOAT32, 2));

        assertThat(y.sizes()).containsExactly(2);
        assertThat(y.gradFn().name()).isEqualTo("SqueezeBackward2");
        assertThat(x.grad().sizes()).containsExactly(1, 2, 1);
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 4);
        assertThat(x.squeeze(new int[0]).sizes()).containsExactly(1, 2, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> x.squeeze(new int[] {0, -3}))
                .isInstanceOf(TensorException.class).hasMessage("dim 0 appears multiple times in the list of dims");
    }
}
