package io.streamgrad.golden;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Shape;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The subset of Python the golden reprs are written in. */
class PythonExpressionTest {
    private static Object eval(String source) {
        return PythonExpression.evaluate(source, ReprCases.seminarScope());
    }

    @Test
    void torchFactoriesInferDtypesAsPyTorch() {
        assertThat(((Tensor) eval("torch.tensor([[1, 2], [3, 4]])")).dtype()).isEqualTo(DType.INT64);
        assertThat(((Tensor) eval("torch.tensor([1, 2.5])")).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(((Tensor) eval("torch.tensor([1.0], dtype=torch.float64)")).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(((Tensor) eval("torch.ones((2,3))")).shape()).isEqualTo(Shape.of(2, 3));
        assertThat(((Tensor) eval("torch.zeros(2, 3)")).shape()).isEqualTo(Shape.of(2, 3));
    }

    @Test
    void operatorsFollowPythonPrecedence() {
        assertThat(eval("-2 ** 2")).isEqualTo(-4L);
        assertThat(eval("1 + 2 * 3")).isEqualTo(7L);
        assertThat(eval("7 / 2")).isEqualTo(3.5);
        assertThat(((Tensor) eval("(w * 2).sum()")).item()).isEqualTo(2.0);
    }

    @Test
    void methodsAndAttributesReachTheTensor() {
        assertThat(eval("x.shape")).isEqualTo(Shape.of(2, 2));
        assertThat(eval("x.dtype")).isEqualTo(DType.INT64);
        assertThat(PythonObjects.repr(eval("x.clone().add_(5)"))).isEqualTo("tensor([[6, 7],\n        [8, 9]])");
        assertThat(PythonObjects.repr(eval("x.sum(dim=1, keepdim=True)"))).isEqualTo("tensor([[3],\n        [7]])");
        assertThat(PythonObjects.repr(eval("torch.tensor([float('inf'), float('nan'), 1.0])")))
                .isEqualTo("tensor([inf, nan, 1.])");
    }

    @Test
    void reprComparisonUsesValuesForDtypeShapeAndDevice() {
        assertThat(ReprCases.compare(DType.INT64, "torch.int64")).isEmpty();
        assertThat(ReprCases.compare(Shape.of(2, 2), "torch.Size([2, 2])")).isEmpty();
        assertThat(ReprCases.compare(Shape.of(2, 3), "torch.Size([2, 2])")).isNotEmpty();
        assertThat(ReprCases.compare(eval("x.device"), "device(type='cpu')")).isEmpty();
    }

    @Test
    void unknownNamesAreReported() {
        assertThatThrownBy(() -> PythonExpression.evaluate("y + 1", Map.of()))
                .hasMessageContaining("unknown name 'y'");
    }
}
