package io.streamgrad.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyTorch's result_type: dimensioned tensors outrank 0-dim tensors, which outrank Python numbers; a lower
 * rank changes the result only when its category (bool, integral, floating) is higher. In-place ops refuse
 * results their tensor's dtype cannot hold.
 */
class EngineTypePromotionTest {

    private static Tensor f32() {
        return Tensor.of(1.0, 2.0);
    }

    private static Tensor f64() {
        return Tensor.of(new double[] {1.0, 2.0}, DType.FLOAT64);
    }

    private static Tensor i64() {
        return Tensor.of(3L, 4L);
    }

    private static Tensor bools() {
        return Tensor.of(true, false);
    }

    static Stream<Arguments> promotions() {
        return Stream.of(
                result("int64 tensor * float32 tensor", () -> i64().mul(f32()), DType.FLOAT32),
                result("float32 tensor * float64 tensor", () -> f32().mul(f64()), DType.FLOAT64),
                result("int64 tensor + 2.5", () -> i64().add(2.5), DType.FLOAT32),
                result("int64 tensor + 2", () -> i64().add(2L), DType.INT64),
                result("float32 tensor + 2.5 (a Python float never widens)", () -> f32().add(2.5), DType.FLOAT32),
                result("float64 tensor * 2", () -> f64().mul(2L), DType.FLOAT64),
                result("float32 tensor + float64 0-dim tensor", () -> f32().add(Tensor.scalar(1.5, DType.FLOAT64)),
                        DType.FLOAT32),
                result("float32 0-dim + float64 0-dim", () -> Tensor.scalar(1.0).add(Tensor.scalar(1.5, DType.FLOAT64)),
                        DType.FLOAT64),
                result("int64 tensor + float64 0-dim tensor", () -> i64().add(Tensor.scalar(1.5, DType.FLOAT64)),
                        DType.FLOAT64),
                result("int64 tensor + float32 0-dim tensor", () -> i64().add(Tensor.scalar(1.5)), DType.FLOAT32),
                result("float32 tensor + int64 0-dim tensor", () -> f32().add(Tensor.scalar(2L)), DType.FLOAT32),
                result("int64 / int64", () -> i64().div(i64()), DType.FLOAT32),
                result("int64 / 2", () -> i64().div(2L), DType.FLOAT32),
                result("float64 / 2", () -> f64().div(2L), DType.FLOAT64),
                result("bool + bool", () -> bools().add(bools()), DType.BOOL),
                result("bool * bool", () -> bools().mul(bools()), DType.BOOL),
                result("bool + 1", () -> bools().add(1L), DType.INT64),
                result("bool * 1.5", () -> bools().mul(1.5), DType.FLOAT32),
                result("bool + int64 tensor", () -> bools().add(i64()), DType.INT64),
                result("bool tensor * float64 0-dim tensor", () -> bools().mul(Tensor.scalar(2.0, DType.FLOAT64)),
                        DType.FLOAT64),
                result("int64 ** 2", () -> i64().pow(2L), DType.INT64),
                result("int64 ** 0.5", () -> i64().pow(0.5), DType.FLOAT32),
                result("sum of int64", () -> i64().sum(), DType.INT64),
                result("sum of bool", () -> bools().sum(), DType.INT64),
                result("int64 > float32", () -> i64().gt(f32()), DType.BOOL),
                result("where(mask, int64, float32)", () -> Tensor.where(bools(), i64(), f32()), DType.FLOAT32),
                result("cat([int64, float32])", () -> Tensor.cat(List.of(i64(), f32()), 0), DType.FLOAT32),
                result("exp of int64", () -> i64().exp(), DType.FLOAT32),
                result("int64.clamp(0.5, 2.5)", () -> i64().clamp(0.5, 2.5), DType.FLOAT32),
                result("int64.clamp(0, 2)", () -> i64().clamp(0L, 2L), DType.INT64),
                result("int64.clamp_min(0.5)", () -> i64().clampMin(0.5), DType.FLOAT32),
                result("int64.clamp_max(2)", () -> i64().clampMax(2L), DType.INT64),
                result("float64.clamp(0, 2)", () -> f64().clamp(0L, 2L), DType.FLOAT64),
                result("bool.clamp(0, 1)", () -> bools().clamp(0L, 1L), DType.INT64),
                result("bool.clamp_max(0.5)", () -> bools().clampMax(0.5), DType.FLOAT32));
    }

    private static Arguments result(String expression, Supplier<Tensor> op, DType expected) {
        return Arguments.of(expression, op, expected);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("promotions")
    void resultTypeFollowsPyTorch(String expression, Supplier<Tensor> op, DType expected) {
        assertThat(op.get().dtype()).isEqualTo(expected);
    }

    @Test
    void valuesArePromotedBeforeComputing() {
        assertThat(i64().div(Tensor.of(2L, 8L)).toFloatArray()).containsExactly(1.5f, 0.5f);
        assertThat(i64().add(2.5).toFloatArray()).containsExactly(5.5f, 6.5f);
        assertThat(bools().add(Tensor.of(true, true)).toBooleanArray()).containsExactly(true, true);
        assertThat(bools().add(1L).toLongArray()).containsExactly(2L, 1L);
    }

    /**
     * A Python int never widens a tensor, so an int64 tensor is compared with it in int64: 2<sup>24</sup> + 1 and
     * 2<sup>24</sup> differ, though they are the same float32. A Python float compares an int64 tensor in float32.
     */
    @Test
    void comparisonsWithAPythonIntKeepInt64Exact() {
        Tensor big = Tensor.of(16777217L);
        assertThat(big.eq(16777216).toBooleanArray()).containsExactly(false);
        assertThat(big.ne(16777216).toBooleanArray()).containsExactly(true);
        assertThat(big.gt(16777216).toBooleanArray()).containsExactly(true);
        assertThat(big.ge(16777218).toBooleanArray()).containsExactly(false);
        assertThat(big.lt(16777218).toBooleanArray()).containsExactly(true);
        assertThat(big.le(16777216).toBooleanArray()).containsExactly(false);
        assertThat(big.eq(16777216.0).toBooleanArray()).containsExactly(true);
        assertThat(Tensor.of(0.5, 1.0).gt(0).toBooleanArray()).containsExactly(true, true);
        assertThat(bools().eq(1).toBooleanArray()).containsExactly(true, false);
    }

    /** PyTorch 2 promotes clamp's tensor with its bounds, as any op with Python numbers, instead of rounding them. */
    @Test
    void clampPromotesAnIntegerTensorWithFloatBounds() {
        Tensor x = Tensor.of(1L, 2L, 3L);
        assertThat(x.clamp(0.5, 2.5).toFloatArray()).containsExactly(1f, 2f, 2.5f);
        assertThat(x.clampMin(1.5).toFloatArray()).containsExactly(1.5f, 2f, 3f);
        assertThat(x.clampMax(2.5).toFloatArray()).containsExactly(1f, 2f, 2.5f);
        assertThat(x.clamp(2, 2).toLongArray()).containsExactly(2L, 2L, 2L);
        assertThat(bools().clamp(1, 3).toLongArray()).containsExactly(1L, 1L);
        assertThatThrownBy(() -> Tensor.of(1L, 2L).clamp_(0.5, 2.5))
                .hasMessage("result type Float can't be cast to the desired inplace output type Long");
        assertThatThrownBy(() -> bools().clamp_(0, 1))
                .hasMessage("result type Long can't be cast to the desired inplace output type Bool");
        Tensor n = i64();
        n.clamp_(0, 3);
        assertThat(n.toLongArray()).containsExactly(3L, 3L);
    }

    @Test
    void inPlaceOpsRefuseAResultTheirDtypeCannotHold() {
        String floatIntoLong = "result type Float can't be cast to the desired output type Long";
        assertThatThrownBy(() -> i64().add_(2.5)).isInstanceOf(TensorException.class).hasMessage(floatIntoLong);
        assertThatThrownBy(() -> i64().mul_(f32())).hasMessage(floatIntoLong);
        assertThatThrownBy(() -> i64().div_(2L)).hasMessage(floatIntoLong);
        assertThatThrownBy(() -> i64().add_(f64()))
                .hasMessage("result type Double can't be cast to the desired output type Long");
        assertThatThrownBy(() -> bools().add_(1L))
                .hasMessage("result type Long can't be cast to the desired output type Bool");
    }

    @Test
    void inPlaceOpsKeepTheirDtypeWithinACategory() {
        Tensor x = f32();
        x.add_(f64());
        assertThat(x.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.toFloatArray()).containsExactly(2f, 4f);
        Tensor n = i64();
        n.mul_(3L);
        assertThat(n.dtype()).isEqualTo(DType.INT64);
        assertThat(n.toLongArray()).containsExactly(9L, 12L);
    }

    /** PyTorch's sub_check runs in sub, sub_ and rsub alike, and refuses one bool operand as well as two. */
    @Test
    void subtractionRefusesBoolOperandsInEveryForm() {
        String two = "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or"
                + " `logical_xor()` operator instead.";
        String one = "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert"
                + " a mask, use the `~` or `logical_not()` operator instead.";
        Tensor mask = bools();
        assertThatThrownBy(() -> mask.sub_(bools())).isInstanceOf(TensorException.class).hasMessage(two);
        assertThat(mask.version()).isZero();
        assertThatThrownBy(() -> bools().sub(1L)).hasMessage(one);
        assertThatThrownBy(() -> bools().rsub(1L)).hasMessage(one);
        assertThatThrownBy(() -> bools().rsub(1.0)).hasMessage(one);
        assertThatThrownBy(() -> f32().sub(bools())).hasMessage(one);
        assertThatThrownBy(() -> i64().sub_(bools())).hasMessage(one);
    }

    @Test
    void boolArithmeticAndIntegerMeanAreRefusedWithPyTorchsMessages() {
        assertThatThrownBy(() -> bools().sub(bools()))
                .hasMessage("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or"
                        + " `logical_xor()` operator instead.");
        assertThatThrownBy(() -> i64().mean())
                .hasMessage("mean(): could not infer output dtype. Input dtype must be either a floating point or"
                        + " complex dtype. Got: Long");
    }

    @org.junit.jupiter.api.Test
    void powOfTwoTensorsPromotesAsPyTorchAndUsesTheIntegralKernelForInt64() {
        Tensor ints = Tensor.fromData(new long[] {2, -1, 3}, 3).pow(Tensor.fromData(new long[] {10, 3, -1}, 3));
        Tensor halves = Tensor.pow(0.5, Tensor.fromData(new long[] {1, 2}, 2));
        Tensor wide = Tensor.fromData(new double[] {3}, DType.FLOAT32, 1)
                .pow(Tensor.fromData(new double[] {2}, DType.FLOAT64, 1));

        org.assertj.core.api.Assertions.assertThat(ints.dtype()).isEqualTo(DType.INT64);
        org.assertj.core.api.Assertions.assertThat(ints.toLongArray()).containsExactly(1024, -1, 0);
        org.assertj.core.api.Assertions.assertThat(halves.dtype()).isEqualTo(DType.FLOAT32);
        org.assertj.core.api.Assertions.assertThat(halves.toDoubleArray()).containsExactly(0.5, 0.25);
        org.assertj.core.api.Assertions.assertThat(wide.dtype()).isEqualTo(DType.FLOAT64);
        org.assertj.core.api.Assertions.assertThat(wide.toDoubleArray()).containsExactly(9.0);
    }

    @org.junit.jupiter.api.Test
    void reluBackwardIsPyTorchsThresholdBackwardSoANanOutputPassesTheGradient() {
        Tensor x = Tensor.fromData(new double[] {Double.NaN, -1, 0, 2}, DType.FLOAT32, 4).requiresGrad_();

        x.relu().backward(Tensor.fromData(new double[] {3, Double.POSITIVE_INFINITY, 4, 5}, DType.FLOAT32, 4));

        org.assertj.core.api.Assertions.assertThat(x.grad().toDoubleArray()).containsExactly(3, 0, 0, 5);
    }

    @org.junit.jupiter.api.Test
    void clampBackwardBlocksAnInfiniteGradientToZero_outOfPlaceAndInPlace() {
        Tensor upstream = Tensor.fromData(new double[] {Double.POSITIVE_INFINITY, 2, Double.NEGATIVE_INFINITY, 7},
                DType.FLOAT32, 4);
        Tensor x = Tensor.fromData(new double[] {-5, 0.5, 9, Double.NaN}, DType.FLOAT32, 4).requiresGrad_();
        x.clamp(-1.0, 1.0).backward(upstream);
        // PyTorch: where(min <= x <= max, grad, 0): blocked elements get 0, not inf * 0 = NaN; NaN passes nothing.
        org.assertj.core.api.Assertions.assertThat(x.grad().toDoubleArray()).containsExactly(0, 2, 0, 0);

        Tensor y = Tensor.fromData(new double[] {-5, 0.5, 9, Double.NaN}, DType.FLOAT32, 4).requiresGrad_();
        y.mul(1L).clamp_(-1.0, 1.0).backward(upstream);
        org.assertj.core.api.Assertions.assertThat(y.grad().toDoubleArray()).containsExactly(0, 2, 0, 0);
    }

    @org.junit.jupiter.api.Test
    void addWithAlphaKeepsIntegersForAnIntAlphaAndRefusesAFloatOneAsPyTorchsAlphaCheck() {
        Tensor a = Tensor.of(new long[] {1, 2});
        Tensor b = Tensor.of(new long[] {10, 20});

        Tensor sum = a.add(b, 2);
        org.assertj.core.api.Assertions.assertThat(sum.dtype()).isEqualTo(DType.INT64);
        org.assertj.core.api.Assertions.assertThat(sum.toLongArray()).containsExactly(21, 42);
        org.assertj.core.api.Assertions.assertThat(a.clone().add_(b, -1).toLongArray()).containsExactly(-9, -18);
        for (Runnable floatAlpha : java.util.List.<Runnable>of(() -> a.add(b, 2.5), () -> a.clone().add_(b, 0.5))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(floatAlpha::run).isInstanceOf(TensorException.class)
                    .hasMessage("For integral input tensors, argument alpha must not be a floating point number.");
        }
        Tensor f = Tensor.of(1f, 2f);
        org.assertj.core.api.Assertions.assertThat(f.add(f, 2).toDoubleArray())
                .as("a float tensor takes an int alpha as its value").containsExactly(3.0, 6.0);
    }
}
