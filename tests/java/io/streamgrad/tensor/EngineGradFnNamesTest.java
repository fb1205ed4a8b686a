package io.streamgrad.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each op's grad_fn has the name PyTorch gives it for the same call. */
class EngineGradFnNamesTest {

    /** A float32 leaf that requires grad, as {@code torch.randn(*shape, requires_grad=True)}. */
    private static Tensor x(int... shape) {
        return Tensor.randn(shape).requiresGrad_();
    }

    /** An intermediate: in-place ops need a non-leaf. */
    private static Tensor y(int... shape) {
        return x(shape).mul(1L);
    }

    static Stream<Arguments> ops() {
        return Stream.of(
                named("AddBackward0", "x + y", () -> x(3).add(x(3))),
                named("AddBackward0", "x + 2", () -> x(3).add(2L)),
                named("AddBackward0", "torch.add(x, y, alpha=2)", () -> x(3).add(x(3), 2.0)),
                named("SubBackward0", "x - y", () -> x(3).sub(x(3))),
                named("MulBackward0", "x * y", () -> x(3).mul(x(3))),
                named("MulBackward0", "x * 2.5", () -> x(3).mul(2.5)),
                named("DivBackward0", "x / y", () -> x(3).div(x(3))),
                named("DivBackward0", "x / 2", () -> x(3).div(2L)),
                named("RsubBackward1", "2.5 - x", () -> x(3).rsub(2.5)),
                named("MulBackward0", "2.5 / x", () -> x(3).rdiv(2.5)),
                named("NegBackward0", "-x", () -> x(3).neg()),
                named("ExpBackward0", "x.exp()", () -> x(3).exp()),
                named("LogBackward0", "x.log()", () -> x(3).log()),
                named("SqrtBackward0", "x.sqrt()", () -> x(3).sqrt()),
                named("AbsBackward0", "x.abs()", () -> x(3).abs()),
                named("ReciprocalBackward0", "x.reciprocal()", () -> x(3).reciprocal()),
                named("ReluBackward0", "x.relu()", () -> x(3).relu()),
                named("SigmoidBackward0", "x.sigmoid()", () -> x(3).sigmoid()),
                named("TanhBackward0", "x.tanh()", () -> x(3).tanh()),
                named("PowBackward0", "x ** 2", () -> x(3).pow(2L)),
                named("PowBackward0", "x ** 0.5", () -> x(3).pow(0.5)),
                named("ClampBackward1", "x.clamp(-1, 1)", () -> x(3).clamp(-1, 1)),
                named("SumBackward0", "x.sum()", () -> x(2, 3).sum()),
                named("SumBackward1", "x.sum(0)", () -> x(2, 3).sum(0)),
                named("SumBackward1", "x.sum((0, 1), keepdim=True)", () -> x(2, 3).sum(new int[] {0, 1}, true)),
                named("MeanBackward0", "x.mean()", () -> x(2, 3).mean()),
                named("MeanBackward1", "x.mean(1)", () -> x(2, 3).mean(1)),
                named("AmaxBackward0", "x.amax(0)", () -> x(2, 3).amax(0)),
                named("AminBackward0", "x.amin()", () -> x(2, 3).amin()),
                named("SoftmaxBackward0", "x.softmax(1)", () -> x(2, 3).softmax(1)),
                named("LogSoftmaxBackward0", "x.log_softmax(1)", () -> x(2, 3).logSoftmax(1)),
                named("DotBackward0", "1D @ 1D", () -> x(3).matmul(x(3))),
                named("MvBackward0", "2D @ 1D", () -> x(2, 3).matmul(x(3))),
                named("SqueezeBackward4", "1D @ 2D", () -> x(3).matmul(x(3, 2))),
                named("MmBackward0", "2D @ 2D", () -> x(2, 3).matmul(x(3, 4))),
                named("MmBackward0", "x.mm(y)", () -> x(2, 3).mm(x(3, 4))),
                named("UnsafeViewBackward0", "3D @ 3D", () -> x(2, 3, 4).matmul(x(2, 4, 5))),
                named("UnsafeViewBackward0", "4D @ 3D broadcast", () -> x(2, 1, 3, 4).matmul(x(5, 4, 2))),
                named("AddmmBackward0", "F.linear(2D, w, b)", () -> Functional.linear(x(2, 3), x(4, 3), x(4))),
                named("MmBackward0", "F.linear(2D, w)", () -> Functional.linear(x(2, 3), x(4, 3), null)),
                named("ViewBackward0", "F.linear(3D, w, b)", () -> Functional.linear(x(5, 2, 3), x(4, 3), x(4))),
                named("MseLossBackward0", "F.mse_loss(x, y)", () -> Functional.mseLoss(x(2, 3), x(2, 3))),
                named("TBackward0", "x.t()", () -> x(2, 3).t()),
                named("TransposeBackward0", "x.transpose(0, 1)", () -> x(2, 3).transpose(0, 1)),
                named("ViewBackward0", "x.view(6)", () -> x(2, 3).view(6)),
                named("ViewBackward0", "x.reshape(3, 2)", () -> x(2, 3).reshape(3, 2)),
                named("UnsafeViewBackward0", "x.t().reshape(6)", () -> x(2, 3).t().reshape(6)),
                named("ViewBackward0", "x.flatten()", () -> x(2, 3).flatten()),
                named("UnsqueezeBackward0", "x.unsqueeze(0)", () -> x(2, 3).unsqueeze(0)),
                named("SqueezeBackward0", "x.squeeze()", () -> x(2, 1).squeeze()),
                named("SqueezeBackward1", "x.squeeze(1)", () -> x(2, 1).squeeze(1)),
                named("SqueezeBackward2", "x.squeeze((0, 2))", () -> x(1, 2, 1).squeeze(new int[] {0, 2})),
                named("PowBackward1", "x ** y", () -> x(2, 3).pow(x(3))),
                named("PowBackward2", "2 ** x", () -> Tensor.pow(2L, x(2, 3))),
                named("ExpandBackward0", "x.expand(2, 3)", () -> x(1, 3).expand(2, 3)),
                named("SelectBackward0", "x[1]", () -> x(2, 3).get(1)),
                named("SelectBackward0", "x[:, 1]", () -> x(2, 3).select(1, 1)),
                named("SliceBackward0", "x.narrow(1, 0, 2)", () -> x(2, 3).narrow(1, 0, 2)),
                named("IndexBackward0", "x[idx]", () -> x(3, 2).index(Tensor.of(0L, 2L, 0L))),
                named("CatBackward0", "torch.cat", () -> Tensor.cat(List.of(x(2), x(3)), 0)),
                named("StackBackward0", "torch.stack", () -> Tensor.stack(List.of(x(2), x(2)), 0)),
                named("WhereBackward0", "torch.where", () -> Tensor.where(Tensor.of(true, false), x(2), x(2))),
                named("CloneBackward0", "x.clone()", () -> x(2).clone()),
                named("CloneBackward0", "x.t().contiguous()", () -> x(2, 3).t().contiguous()),
                named("ToCopyBackward0", "x.to(float64)", () -> x(2).to(DType.FLOAT64)),
                named("AddBackward0", "y.add_(1)", () -> y(3).add_(1L)),
                named("SubBackward0", "y.sub_(z)", () -> y(3).sub_(x(3))),
                named("MulBackward0", "y.mul_(z)", () -> y(3).mul_(x(3))),
                named("DivBackward0", "y.div_(2)", () -> y(3).div_(2.0)),
                named("ClampBackward1", "y.clamp_(-1, 1)", () -> y(3).clamp_(-1, 1)),
                named("TBackward0", "y.t_()", () -> y(2, 3).t_()),
                named("CopyBackwards", "y.copy_(z)", () -> y(3).copy_(x(3))),
                named("FillBackward0", "y.fill_(1)", () -> y(3).fill_(1)),
                named("FillBackward0", "y.fill_(0)", () -> y(3).fill_(0)),
                named("ZeroBackward0", "y.zero_()", () -> y(3).zero_()));
    }

    private static Arguments named(String gradFn, String pytorch, Supplier<Tensor> op) {
        return Arguments.of(gradFn, pytorch, op);
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @MethodSource("ops")
    void gradFnIsNamedAsInPyTorch(String gradFn, String pytorch, Supplier<Tensor> op) {
        assertThat(op.get().gradFn().name()).isEqualTo(gradFn);
    }
}
