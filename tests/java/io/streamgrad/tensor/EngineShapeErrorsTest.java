package io.streamgrad.tensor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Shape mismatches raise TensorException with PyTorch's message. */
class EngineShapeErrorsTest {

    @Test
    void broadcastingMismatchNamesBothSizesAndTheDim() {
        assertThatThrownBy(() -> Tensor.ones(2, 3).add(Tensor.ones(2, 4)))
                .isInstanceOf(TensorException.class)
                .hasMessage("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension"
                        + " 1");
        assertThatThrownBy(() -> Tensor.ones(3).mul(Tensor.ones(4, 2)))
                .hasMessage("The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension"
                        + " 1");
    }

    @Test
    void inPlaceOpCannotGrowItsTensor() {
        assertThatThrownBy(() -> Tensor.ones(3).add_(Tensor.ones(2, 3)))
                .hasMessage("output with shape [3] doesn't match the broadcast shape [2, 3]");
    }

    @Test
    void matrixProductMismatchNamesBothShapes() {
        String message = "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)";
        assertThatThrownBy(() -> Tensor.ones(2, 3).matmul(Tensor.ones(4, 5))).isInstanceOf(TensorException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> Tensor.ones(2, 3).mm(Tensor.ones(4, 5))).hasMessage(message);
    }

    @Test
    void matmulOfA0DimTensorIsRefused() {
        assertThatThrownBy(() -> Tensor.scalar(1.0).matmul(Tensor.ones(3)))
                .hasMessage("both arguments to matmul need to be at least 1D, but they are 0D and 1D");
    }

    @Test
    void viewOfANonViewableLayoutIsRefused() {
        assertThatThrownBy(() -> Tensor.ones(2, 3).t().view(6))
                .hasMessage("view size is not compatible with input tensor's size and stride (at least one dimension"
                        + " spans across two contiguous subspaces). Use .reshape(...) instead.");
    }

    @Test
    void reshapeToTheWrongNumberOfElementsIsRefused() {
        assertThatThrownBy(() -> Tensor.ones(2, 3).reshape(4, 2))
                .hasMessage("shape '[4, 2]' is invalid for input of size 6");
    }

    @Test
    void indexingErrorsNameTheIndexAndTheSize() {
        Tensor x = Tensor.ones(3, 2);
        assertThatThrownBy(() -> x.index(Tensor.of(0L, 5L)))
                .hasMessage("index 5 is out of bounds for dimension 0 with size 3");
        assertThatThrownBy(() -> x.select(0, 5))
                .hasMessage("select(): index 5 out of range for tensor of size [3, 2] at dimension 0");
        assertThatThrownBy(() -> x.sum(2))
                .hasMessage("Dimension out of range (expected to be in range of [-2, 1], but got 2)");
        assertThatThrownBy(() -> Tensor.ones(4).narrow(0, 2, 3))
                .hasMessage("start (2) + length (3) exceeds dimension size (4).");
        assertThatThrownBy(() -> x.sum(new int[] {0, -2}, false))
                .hasMessage("dim 0 appears multiple times in the list of dims");
    }

    @Test
    void aNegativeSizeIsRefusedByEveryFactory() {
        assertThatThrownBy(() -> Tensor.zeros(-1)).isInstanceOf(TensorException.class)
                .hasMessage("Trying to create tensor with negative dimension -1: [-1]");
        assertThatThrownBy(() -> Tensor.ones(DType.INT64, 2, -3)).isInstanceOf(TensorException.class)
                .hasMessage("Trying to create tensor with negative dimension -3: [2, -3]");
        assertThatThrownBy(() -> Tensor.full(1.0, -2)).isInstanceOf(TensorException.class);
        assertThatThrownBy(() -> Tensor.rand(-1, 2)).isInstanceOf(TensorException.class);
        assertThatThrownBy(() -> Tensor.randn(-4)).isInstanceOf(TensorException.class);
        assertThatThrownBy(() -> Tensor.fromData(new float[0], 0, -1)).isInstanceOf(TensorException.class);
    }

    @Test
    void catOfMismatchedSizesNamesTheTensor() {
        assertThatThrownBy(() -> Tensor.cat(java.util.List.of(Tensor.ones(2, 3), Tensor.ones(2, 2)), 0))
                .hasMessage("Sizes of tensors must match except in dimension 0. Expected size 3 but got size 2 for"
                        + " tensor number 1 in the list.");
    }
}
