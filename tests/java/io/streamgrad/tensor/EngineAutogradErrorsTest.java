package io.streamgrad.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.AutogradException;
import io.streamgrad.autograd.GradScope;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Autograd misuse raises AutogradException with PyTorch's message, word for word. */
class EngineAutogradErrorsTest {

    private static final String LEAF_IN_PLACE =
            "a leaf Variable that requires grad is being used in an in-place operation.";
    private static final String HINT = " Hint: enable anomaly detection to find the operation that failed to compute"
            + " its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).";
    private static final String MODIFIED =
            "one of the variables needed for gradient computation has been modified by an inplace operation: ";
    private static final String BACKWARD_TWICE = "Trying to backward through the graph a second time (or directly"
            + " access saved tensors after they have already been freed). Saved intermediate values of the graph are"
            + " freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward"
            + " through the graph a second time or if you need to access saved tensors after calling backward.";

    private static Tensor leaf(int... shape) {
        return Tensor.randn(shape).requiresGrad_();
    }

    static Stream<Arguments> inPlaceOps() {
        return Stream.of(
                op("add_", t -> t.add_(1.0)), op("sub_", t -> t.sub_(Tensor.ones(3))), op("mul_", t -> t.mul_(2L)),
                op("div_", t -> t.div_(2.0)), op("clamp_", t -> t.clamp_(-1, 1)), op("t_", Tensor::t_),
                op("fill_", t -> t.fill_(1)), op("zero_", Tensor::zero_), op("copy_", t -> t.copy_(Tensor.ones(3))));
    }

    private static Arguments op(String name, UnaryOperator<Tensor> op) {
        return Arguments.of(name, op);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inPlaceOps")
    void inPlaceOnALeafThatRequiresGradIsRefused(String name, UnaryOperator<Tensor> op) {
        Tensor w = leaf(3);
        assertThatThrownBy(() -> op.apply(w)).isInstanceOf(AutogradException.class).hasMessage(LEAF_IN_PLACE);
        assertThat(w.version()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inPlaceOps")
    void inPlaceOnALeafThatRequiresGradIsAllowedUnderNoGrad(String name, UnaryOperator<Tensor> op) {
        Tensor w = leaf(3);
        try (GradScope _ = Autograd.noGrad()) {
            op.apply(w);
        }
        assertThat(w.version()).isEqualTo(1);
        assertThat(w.isLeaf()).isTrue();
        assertThat(w.requiresGrad()).isTrue();
        assertThat(w.gradFn()).isNull();
    }

    @Test
    void inPlaceOnAViewOfALeafThatRequiresGradIsRefused() {
        Tensor w = leaf(2, 3);
        assertThatThrownBy(() -> w.get(0).add_(1.0)).isInstanceOf(AutogradException.class)
                .hasMessage("a view of a leaf Variable that requires grad is being used in an in-place operation.");
    }

    @Test
    void inPlaceOnALeafThatDoesNotRequireGradIsAllowed() {
        Tensor x = Tensor.ones(3);
        x.add_(1.0);
        assertThat(x.toFloatArray()).containsExactly(2f, 2f, 2f);
    }

    @Test
    void modifiedSavedOutputNamesTheNodeThatSavedIt() {
        Tensor a = leaf(3);
        Tensor b = a.exp();
        b.add_(1L);
        assertThatThrownBy(() -> b.sum().backward())
                .isInstanceOf(AutogradException.class)
                .hasMessage(MODIFIED + "[torch.FloatTensor [3]], which is output 0 of ExpBackward0, is at version 1;"
                        + " expected version 0 instead." + HINT);
    }

    @Test
    void modifyingADetachedAliasOfASavedTensorIsDetected() {
        Tensor a = leaf(3);
        Tensor b = a.exp();
        b.detach().add_(1L);
        assertThatThrownBy(() -> b.sum().backward())
                .isInstanceOf(AutogradException.class)
                .hasMessage(MODIFIED + "[torch.FloatTensor [3]], which is output 0 of ExpBackward0, is at version 1;"
                        + " expected version 0 instead." + HINT);
    }

    @Test
    void modifiedSavedLeafNamesNoNode() {
        Tensor a = leaf(2, 3);
        Tensor b = a.mul(a);
        try (GradScope _ = Autograd.noGrad()) {
            a.mul_(2.0);
        }
        assertThatThrownBy(() -> b.sum().backward())
                .isInstanceOf(AutogradException.class)
                .hasMessage(MODIFIED + "[torch.FloatTensor [2, 3]] is at version 1; expected version 0 instead."
                        + HINT);
    }

    /**
     * PyTorch names a saved input by the grad_fn it has when backward unpacks it ({@code data_.grad_fn()} in
     * SavedVariable::unpack); after {@code b.add_(1)} that is AddBackward0, not the MulBackward0 that made it.
     */
    @Test
    void modifiedSavedIntermediateNamesItsCurrentGradFn() {
        Tensor a = leaf(3);
        Tensor b = a.mul(2.0);
        Tensor c = b.pow(2L);
        b.add_(1L);
        assertThatThrownBy(() -> c.sum().backward())
                .isInstanceOf(AutogradException.class)
                .hasMessage(MODIFIED + "[torch.FloatTensor [3]], which is output 0 of AddBackward0, is at version 1;"
                        + " expected version 0 instead." + HINT);
    }

    @Test
    void modifiedSavedFloat64TensorNamesItsType() {
        Tensor a = Tensor.randn(DType.FLOAT64, 4, 1).requiresGrad_();
        Tensor b = a.sigmoid();
        b.mul_(2.0);
        assertThatThrownBy(() -> b.sum().backward())
                .hasMessage(MODIFIED + "[torch.DoubleTensor [4, 1]], which is output 0 of SigmoidBackward0, is at"
                        + " version 1; expected version 0 instead." + HINT);
    }

    /**
     * A batched matmul needs both operands in backward (PyTorch's bmm saves them), so modifying one in place
     * afterwards must be detected rather than silently giving a wrong gradient.
     */
    @Test
    void batchedMatmulDetectsAnOperandModifiedInPlace() {
        Tensor x = leaf(2, 3, 4);
        Tensor w = leaf(2, 4, 5);
        Tensor y = x.mul(1L);
        Tensor z = y.matmul(w);
        y.add_(1L);
        assertThatThrownBy(() -> z.sum().backward())
                .isInstanceOf(AutogradException.class)
                .hasMessageStartingWith(MODIFIED + "[torch.FloatTensor [2, 3, 4]]")
                .hasMessageContaining("is at version 1; expected version 0 instead.");
    }

    @Test
    void backwardTwiceWithoutRetainGraphIsRefused() {
        Tensor x = leaf(3);
        Tensor y = x.exp().sum();
        y.backward();
        assertThatThrownBy(y::backward).isInstanceOf(AutogradException.class).hasMessage(BACKWARD_TWICE);
    }

    @Test
    void retainGraphAllowsASecondBackwardThatAccumulates() {
        Tensor x = Tensor.ones(3).requiresGrad_();
        Tensor y = x.mul(2L).sum();
        y.backward(null, true);
        y.backward();
        assertThat(x.grad().toFloatArray()).containsExactly(4f, 4f, 4f);
    }

    /** Nothing is saved by add and sum, so as in PyTorch there is nothing to free and nothing to refuse. */
    @Test
    void aGraphThatSavesNothingCanBeWalkedTwice() {
        Tensor x = Tensor.ones(3).requiresGrad_();
        Tensor y = x.add(1L).sum();
        y.backward();
        y.backward();
        assertThat(x.grad().toFloatArray()).containsExactly(2f, 2f, 2f);
    }

    @Test
    void gradientsOfSeparateBackwardCallsAccumulateUntilCleared() {
        Tensor x = Tensor.ones(2).requiresGrad_();
        x.mul(3L).sum().backward();
        x.mul(x).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(5f, 5f);
        x.setGrad(null);
        x.mul(-1L).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(-1f, -1f);
    }

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor y = leaf(2, 3).mul(2L);
        assertThatThrownBy(y::backward).isInstanceOf(AutogradException.class)
                .hasMessage("grad can be implicitly created only for scalar outputs");
    }

    @Test
    void backwardOfATensorThatDoesNotRequireGradIsRefused() {
        Tensor y = Tensor.ones(3).mul(2L).sum();
        assertThatThrownBy(y::backward).isInstanceOf(AutogradException.class)
                .hasMessage("element 0 of tensors does not require grad and does not have a grad_fn");
    }

    @Test
    void backwardWithAGradientOfTheWrongShapeIsRefused() {
        Tensor y = leaf(3).mul(2L);
        assertThatThrownBy(() -> y.backward(Tensor.ones(2))).isInstanceOf(AutogradException.class)
                .hasMessage("Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a"
                        + " shape of torch.Size([3]).");
    }

    @Test
    void onlyFloatingPointTensorsCanRequireGrad() {
        assertThatThrownBy(() -> Tensor.of(1L, 2L).requiresGrad_())
                .hasMessage("only Tensors of floating point dtype can require gradients");
        assertThatThrownBy(() -> Tensor.of(true).requiresGrad_())
                .hasMessage("only Tensors of floating point dtype can require gradients");
    }

    @Test
    void requiresGradOfANonLeafCannotBeTurnedOff() {
        Tensor y = leaf(3).mul(2L);
        assertThatThrownBy(() -> y.requiresGrad_(false))
                .hasMessage("you can only change requires_grad flags of leaf variables. If you want to use a computed"
                        + " variable in a subgraph that doesn't require differentiation use var_no_grad ="
                        + " var.detach().");
    }

    /** PyTorch's grad setter (THPVariable_set_grad) checks the dtype, then the size, of an assigned gradient. */
    @Test
    void anAssignedGradientMustHaveTheTensorsDtypeAndSize() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 3).requiresGrad_();
        assertThatThrownBy(() -> x.setGrad(Tensor.zeros(3))).isInstanceOf(TensorException.class)
                .hasMessage("attempting to assign a gradient with dtype 'float' to a tensor with grad_dtype 'double'."
                        + " The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can"
                        + " set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype."
                        + " Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break"
                        + " downstream systems that assume they match.");
        assertThatThrownBy(() -> x.setGrad(Tensor.zeros(DType.FLOAT64, 2)))
                .hasMessage("attempting to assign a gradient of size '[2]' to a tensor of size '[3]'. Please ensure"
                        + " that the gradient and the tensor are the same size");
        assertThatThrownBy(() -> x.setGrad(x)).hasMessage("can't assign Variable as its own grad");
        assertThat(x.grad()).isNull();
        x.setGrad(Tensor.ones(DType.FLOAT64, 3));
        assertThat(x.grad().toDoubleArray()).containsExactly(1.0, 1.0, 1.0);
    }

    @Test
    void theGradientOfALeafHasItsShapeAndDtypeAndIsNotAView() {
        Tensor x = Tensor.randn(DType.FLOAT64, 2, 3).requiresGrad_();
        Tensor b = Tensor.randn(3).requiresGrad_();
        x.add(b).sum().backward();
        assertThat(x.grad().shape()).isEqualTo(Shape.of(2, 3));
        assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(b.grad().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(b.grad().toFloatArray()).containsExactly(2f, 2f, 2f);
        assertThat(x.grad().requiresGrad()).isFalse();
        assertThat(List.of(x.grad().isContiguous(), b.grad().isContiguous())).containsOnly(true);
    }
}
