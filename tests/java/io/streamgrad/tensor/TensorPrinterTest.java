package io.streamgrad.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link TensorPrinter} against PyTorch's {@code repr}. Strings in {@link RealPyTorchOutput}
 * were printed by PyTorch itself; the others are derived by hand from {@code torch/_tensor_str.py},
 * and each says which rule it pins down.
 */
class TensorPrinterTest {

    private static final int[] SCALAR = {};

    // ---- builders: the float32 ones round through float so values are what a float32 tensor holds ----

    private static TensorPrinter.Input f32(int[] shape, double... values) {
        double[] widened = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            widened[i] = (float) values[i];
        }
        return floats(DType.FLOAT32, shape, widened, null, false, null);
    }

    private static TensorPrinter.Input f64(int[] shape, double... values) {
        return floats(DType.FLOAT64, shape, values, null, false, null);
    }

    private static TensorPrinter.Input floats(DType dtype, int[] shape, double[] values, String device,
                                              boolean requiresGrad, String gradFn) {
        return new TensorPrinter.Input(dtype, shape, values, null, null, device, requiresGrad, gradFn);
    }

    private static TensorPrinter.Input i64(int[] shape, long... values) {
        return new TensorPrinter.Input(DType.INT64, shape, null, values, null, null, false, null);
    }

    private static TensorPrinter.Input bools(int[] shape, boolean... values) {
        return new TensorPrinter.Input(DType.BOOL, shape, null, null, values, null, false, null);
    }

    private static TensorPrinter.Input withGradFn(TensorPrinter.Input in, String gradFn) {
        return new TensorPrinter.Input(in.dtype(), in.shape(), in.floatValues(), in.longValues(),
                in.boolValues(), in.device(), true, gradFn);
    }

    private static TensorPrinter.Input requiringGrad(TensorPrinter.Input in) {
        return new TensorPrinter.Input(in.dtype(), in.shape(), in.floatValues(), in.longValues(),
                in.boolValues(), in.device(), true, null);
    }

    private static TensorPrinter.Input onDevice(TensorPrinter.Input in, String device) {
        return new TensorPrinter.Input(in.dtype(), in.shape(), in.floatValues(), in.longValues(),
                in.boolValues(), device, in.requiresGrad(), in.gradFnName());
    }

    private static int[] shape(int... sizes) {
        return sizes;
    }

    private static long[] arange(int n) {
        return LongStream.range(0, n).toArray();
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1.0);
        return v;
    }

    private static String repr(TensorPrinter.Input in) {
        return TensorPrinter.repr(in);
    }

    @Nested
    class RealPyTorchOutput {

        @Test
        void int64Matrix() {
            assertThat(repr(i64(shape(2, 2), 1, 2, 3, 4))).isEqualTo("tensor([[1, 2],\n        [3, 4]])");
        }

        @Test
        void float32Ones() {
            assertThat(repr(f32(shape(2, 3), ones(6))))
                    .isEqualTo("tensor([[1., 1., 1.],\n        [1., 1., 1.]])");
        }

        @Test
        void requiresGradLeaf() {
            assertThat(repr(requiringGrad(f32(shape(1), 1.0)))).isEqualTo("tensor([1.], requires_grad=True)");
        }

        @Test
        void smallValueForcesScientific() {
            assertThat(repr(f32(shape(3), 1.5, -2.25, 1e-4)))
                    .isEqualTo("tensor([ 1.5000e+00, -2.2500e+00,  1.0000e-04])");
        }

        @Test
        void integralWideRangeIsScientific() {
            assertThat(repr(f32(shape(2), 123456.0, 1.0))).isEqualTo("tensor([1.2346e+05, 1.0000e+00])");
            assertThat(repr(f32(shape(2), 1e10, 1.0))).isEqualTo("tensor([1.0000e+10, 1.0000e+00])");
        }

        @Test
        void scalars() {
            assertThat(repr(f32(SCALAR, 3.0))).isEqualTo("tensor(3.)");
            assertThat(repr(f32(SCALAR, 328350000.0))).isEqualTo("tensor(3.2835e+08)");
        }

        @Test
        void arange100WrapsAt18PerLine() {
            assertThat(repr(i64(shape(100), arange(100)))).isEqualTo(
                    "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,\n"
                    + "        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,\n"
                    + "        36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53,\n"
                    + "        54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,\n"
                    + "        72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89,\n"
                    + "        90, 91, 92, 93, 94, 95, 96, 97, 98, 99])");
        }

        @Test
        void arange2000IsSummarized() {
            assertThat(repr(i64(shape(2000), arange(2000))))
                    .isEqualTo("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])");
        }

        @Test
        void float64NamesItsDtype() {
            assertThat(repr(f64(shape(2), 1.0, 2.0))).isEqualTo("tensor([1., 2.], dtype=torch.float64)");
        }

        @Test
        void nonFiniteValues() {
            assertThat(repr(f32(shape(3), Double.POSITIVE_INFINITY, Double.NaN, 1.0)))
                    .isEqualTo("tensor([inf, nan, 1.])");
        }

        @Test
        void gradFnSuffixes() {
            assertThat(repr(withGradFn(f32(SCALAR, 2.0), "SumBackward0")))
                    .isEqualTo("tensor(2., grad_fn=<SumBackward0>)");
            assertThat(repr(withGradFn(f32(shape(1), 2.0), "MulBackward0")))
                    .isEqualTo("tensor([2.], grad_fn=<MulBackward0>)");
            assertThat(repr(withGradFn(f32(SCALAR, 38664.00390625), "SumBackward0")))
                    .isEqualTo("tensor(38664.0039, grad_fn=<SumBackward0>)");
            assertThat(repr(withGradFn(f32(SCALAR, 328350.0), "SumBackward0")))
                    .isEqualTo("tensor(328350., grad_fn=<SumBackward0>)");
        }

        @Test
        void randn10WithSeed42WrapsFloatsAt8PerLine() {
            // torch.manual_seed(42); torch.randn(10): width 7 -> floor((80 - 7) / 9) = 8 per line.
            assertThat(repr(f32(shape(10), 0.3367, 0.1288, 0.2345, 0.2303, -1.1229, -0.1863, 2.2082, -0.6380,
                    0.4617, 0.2674))).isEqualTo(
                    "tensor([ 0.3367,  0.1288,  0.2345,  0.2303, -1.1229, -0.1863,  2.2082, -0.6380,\n"
                    + "         0.4617,  0.2674])");
        }

        @Test
        void summarizedFloatMatrix() {
            String row = "[1., 1., 1.,  ..., 1., 1., 1.]";
            assertThat(repr(f32(shape(100, 100), ones(10_000)))).isEqualTo(
                    "tensor([" + row + ",\n        " + row + ",\n        " + row + ",\n        ...,\n        "
                    + row + ",\n        " + row + ",\n        " + row + "])");
        }

        @Test
        void boolAlignsToFalse() {
            assertThat(repr(bools(shape(2), true, false))).isEqualTo("tensor([ True, False])");
        }
    }

    @Nested
    class DerivedFromTheAlgorithm {

        @Test
        void threeDimensionalSlicesAreSeparatedByABlankLine() {
            // Rule: slices of dim d join with "," + (d - 1) newlines + indent; indent grows by 1 per level.
            assertThat(repr(i64(shape(2, 2, 2), arange(8)))).isEqualTo(
                    "tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]])");
        }

        @Test
        void fourDimensionalSlicesAreSeparatedByTwoBlankLines() {
            // Rule: same separator formula, dim 4 -> three newlines.
            assertThat(repr(i64(shape(2, 1, 1, 1), 0, 1))).isEqualTo("tensor([[[[0]]],\n\n\n        [[[1]]]])");
        }

        @Test
        void summarizedIntMatrixShowsEdgeRowsAndColumns() {
            // Rule: dims longer than 2 * edgeitems show 3 + "..." + 3; a row-level "..." has no leading space.
            assertThat(repr(i64(shape(100, 100), arange(10_000)))).isEqualTo(
                    "tensor([[   0,    1,    2,  ...,   97,   98,   99],\n"
                    + "        [ 100,  101,  102,  ...,  197,  198,  199],\n"
                    + "        [ 200,  201,  202,  ...,  297,  298,  299],\n"
                    + "        ...,\n"
                    + "        [9700, 9701, 9702,  ..., 9797, 9798, 9799],\n"
                    + "        [9800, 9801, 9802,  ..., 9897, 9898, 9899],\n"
                    + "        [9900, 9901, 9902,  ..., 9997, 9998, 9999]])");
        }

        @Test
        void hiddenValuesDoNotWidenColumns() {
            // Rule: the formatter only sees get_summarized_data, so a huge hidden element changes nothing.
            long[] values = new long[1001];
            values[500] = 123_456_789L;
            assertThat(repr(i64(shape(1001), values))).isEqualTo("tensor([0, 0, 0,  ..., 0, 0, 0])");
        }

        @Test
        void hiddenValuesDoNotTriggerScientificAndEllipsisCountsTowardsWrapping() {
            // Rules: a hidden 1e-9 would force sci mode if seen; width 9 -> floor(73 / 11) = 6 items per
            // line, and " ..." is one of those items.
            double[] values = IntStream.range(0, 2000).mapToDouble(i -> 100 + i * 0.5).toArray();
            values[1000] = 1e-9;
            assertThat(repr(f32(shape(2000), values))).isEqualTo(
                    "tensor([ 100.0000,  100.5000,  101.0000,  ..., 1098.5000, 1099.0000,\n"
                    + "        1099.5000])");
        }

        @Test
        void nestedRowsWrapUnderTheirOwnBracket() {
            // Rule: a row at indent 8 fits floor((80 - 8) / 4) = 18 elements; continuation indent is 9.
            assertThat(repr(i64(shape(2, 20), arange(40)))).isEqualTo(
                    "tensor([[ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,\n"
                    + "         18, 19],\n"
                    + "        [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37,\n"
                    + "         38, 39]])");
        }

        @Test
        void negativeIntsAlignRight() {
            // Rule: int width is the longest str(value), sign included.
            assertThat(repr(i64(shape(3), -1, 10, -100))).isEqualTo("tensor([  -1,   10, -100])");
        }

        @Test
        void negativeIntegralFloatsAlignRight() {
            // Rule: integral style width is len("{:.0f}") + 1 for the trailing dot.
            assertThat(repr(f32(shape(2), -1.0, 2.0))).isEqualTo("tensor([-1.,  2.])");
        }

        @Test
        void mixedFixedPoint() {
            // Rule: fractional values within 3 decades and in [1e-4, 1e8] use {:.4f}.
            assertThat(repr(f32(shape(2), 0.5, 12.25))).isEqualTo("tensor([ 0.5000, 12.2500])");
            assertThat(repr(f32(shape(2), -0.5, 2.25))).isEqualTo("tensor([-0.5000,  2.2500])");
        }

        @Test
        void float32IsFormattedFromItsDoubleValue() {
            // Rule: 0.1f is 0.100000001490116..., which still rounds to 0.1000.
            assertThat(repr(f32(shape(2), 0.1, 0.25))).isEqualTo("tensor([0.1000, 0.2500])");
        }

        @Test
        void tiesRoundHalfEvenLikePython() {
            // Rule: Python rounds the exact binary value half-even: 1.03125 -> 1.0312 (Java's %f gives 1.0313).
            assertThat(repr(f32(shape(2), 1.03125, 2.5))).isEqualTo("tensor([1.0312, 2.5000])");
            assertThat(repr(f64(shape(2), 1.03125, 1e-5)))
                    .isEqualTo("tensor([1.0312e+00, 1.0000e-05], dtype=torch.float64)");
        }

        @Test
        void scientificRoundingCarriesIntoTheExponent() {
            // Rule: 99999.5 is an exact tie at 5 significant digits; half-even rounds 9.99995 up to 1.0000e+05.
            assertThat(repr(f64(shape(2), 99999.5, 1e-5)))
                    .isEqualTo("tensor([1.0000e+05, 1.0000e-05], dtype=torch.float64)");
        }

        @Test
        void tinyValuesUseScientific() {
            // Rule: non-integral with min |x| < 1e-4 -> sci.
            assertThat(repr(f32(shape(2), 1e-5, 1.0))).isEqualTo("tensor([1.0000e-05, 1.0000e+00])");
            assertThat(repr(f32(shape(1), 1e-5))).isEqualTo("tensor([1.0000e-05])");
        }

        @Test
        void allZeroStaysIntegralAtWidthOne() {
            // Rule: no nonzero finite values -> formatter keeps int_mode and width 1.
            assertThat(repr(f32(shape(2), 0.0, 0.0))).isEqualTo("tensor([0., 0.])");
        }

        @Test
        void zerosAreIgnoredWhenChoosingTheStyle() {
            // Rule: only nonzero values enter min/max, so 0 does not make the range "wide".
            assertThat(repr(f32(shape(2), 0.0, 1000.0))).isEqualTo("tensor([   0., 1000.])");
            assertThat(repr(f32(shape(2), 0.0, 1e-5))).isEqualTo("tensor([0.0000e+00, 1.0000e-05])");
        }

        @Test
        void integralAbove1e8IsScientific() {
            // Rule: integral values with max > 1e8 -> sci.
            assertThat(repr(f32(shape(2), 1e9, 1.0))).isEqualTo("tensor([1.0000e+09, 1.0000e+00])");
        }

        @Test
        void nonFiniteValuesDoNotCountTowardsWidth() {
            // Rule: width comes from finite nonzero values only; nan/inf are padded (or overflow) to it.
            assertThat(repr(f32(shape(2), Double.NaN, 1.5))).isEqualTo("tensor([   nan, 1.5000])");
            assertThat(repr(f32(shape(2), Double.NEGATIVE_INFINITY, 1.0))).isEqualTo("tensor([-inf, 1.])");
            assertThat(repr(f32(shape(1), Double.NaN))).isEqualTo("tensor([nan])");
        }

        @Test
        void negativeZeroKeepsItsSign() {
            // Rule: Python's "{:.0f}".format(-0.0) is "-0".
            assertThat(repr(f32(shape(2), -0.0, 1.0))).isEqualTo("tensor([-0., 1.])");
        }

        @Test
        void scalarsOfOtherDtypes() {
            assertThat(repr(bools(SCALAR, true))).isEqualTo("tensor(True)");
            assertThat(repr(i64(SCALAR, -7))).isEqualTo("tensor(-7)");
        }

        @Test
        void emptyTensors() {
            // Rule: size for non-1-D empties, then dtype whenever it is not the default float.
            assertThat(repr(f32(shape(0)))).isEqualTo("tensor([])");
            assertThat(repr(f32(shape(0, 3)))).isEqualTo("tensor([], size=(0, 3))");
            assertThat(repr(i64(shape(0)))).isEqualTo("tensor([], dtype=torch.int64)");
            assertThat(repr(bools(shape(0, 2)))).isEqualTo("tensor([], size=(0, 2), dtype=torch.bool)");
            assertThat(repr(f64(shape(2, 0, 3)))).isEqualTo("tensor([], size=(2, 0, 3), dtype=torch.float64)");
        }

        @Test
        void multiLineTensorTakesSuffixOnItsLastLine() {
            assertThat(repr(f64(shape(2, 2), 1, 2, 3, 4)))
                    .isEqualTo("tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64)");
        }

        @Test
        void suffixWrapsWhenTheLineIsFull() {
            // Rule: _add_suffixes wraps to a 7-space indent when last_line_len + len + 2 > 80.
            assertThat(repr(f64(shape(8), 0.3367, 0.1288, 0.2345, 0.2303, -1.1229, -0.1863, 2.2082, -0.6380)))
                    .isEqualTo("tensor([ 0.3367,  0.1288,  0.2345,  0.2303, -1.1229, -0.1863,  2.2082, -0.6380],\n"
                            + "       dtype=torch.float64)");
        }

        @Test
        void suffixWrapUsesPyTorchsOverestimatedLineLength() {
            // Rule: last_line_len = len - rfind("\n") + 1 is 2 more than the real length. 12 ones (55 chars)
            // fit: 57 + 19 + 2 = 78; 13 ones (59 chars) wrap: 61 + 19 + 2 = 82 > 80.
            assertThat(repr(f64(shape(12), ones(12))))
                    .isEqualTo("tensor([1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.], dtype=torch.float64)");
            assertThat(repr(f64(shape(13), ones(13))))
                    .isEqualTo("tensor([1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1., 1.],\n"
                            + "       dtype=torch.float64)");
        }

        @Test
        void deviceComesFirstAndGradFnWinsOverRequiresGrad() {
            // Rule: order device, dtype, grad_fn | requires_grad; grad_fn implies requires_grad.
            assertThat(repr(onDevice(f32(shape(2), 1.0, 2.0), "cuda:0")))
                    .isEqualTo("tensor([1., 2.], device='cuda:0')");
            assertThat(repr(onDevice(requiringGrad(f64(shape(1), 1.0)), "cuda:0")))
                    .isEqualTo("tensor([1.], device='cuda:0', dtype=torch.float64, requires_grad=True)");
            assertThat(repr(withGradFn(f32(shape(1), 2.0), "AddBackward0")))
                    .isEqualTo("tensor([2.], grad_fn=<AddBackward0>)");
            assertThat(repr(onDevice(f32(shape(1), 1.0), "cpu"))).isEqualTo("tensor([1.])");
        }
    }

    @Test
    void rejectsValuesThatDoNotMatchTheShape() {
        assertThatThrownBy(() -> i64(shape(2, 2), 1, 2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TensorPrinter.Input(DType.FLOAT32, shape(1), null, new long[] {1}, null,
                null, false, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
