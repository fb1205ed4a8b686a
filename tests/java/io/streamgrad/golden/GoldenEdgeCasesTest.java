package io.streamgrad.golden;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamgrad.tensor.Device;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-written cases in the golden format, with values PyTorch 2.x computes, for forms the public file lacks. */
class GoldenEdgeCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GoldenReport runCases(String... cases) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "golden/1");
        ArrayNode array = root.putArray("cases");
        for (String c : cases) {
            array.add(JSON.readTree(c));
        }
        byte[] json = JSON.writeValueAsBytes(root);
        return new GoldenRunner(Device.cpu()).run(new ByteArrayInputStream(json));
    }

    private static String f32(String shape, String data, boolean grad) {
        return "{\"dtype\": \"float32\", \"shape\": " + shape + ", \"data\": " + data + ", \"requires_grad\": " + grad + "}";
    }

    private static String spec(String dtype, String shape, String data) {
        return "{\"dtype\": \"" + dtype + "\", \"shape\": " + shape + ", \"data\": " + data + ", \"requires_grad\": false}";
    }

    @Test
    void aComparisonWithAPythonNumberOnTheLeftIsTheMirroredComparison() throws IOException {
        // `2.0 < t` is `t > 2.0`; `1 > t` is `t < 1`: bool results, no grad_fn.
        GoldenReport report = runCases("""
                {"name": "lt_scalar_lhs", "op": "lt", "args": [{"scalar": 2.0}, %s], "kwargs": {},
                 "out": %s, "grad_fn": null, "grads": [null, null]}
                """.formatted(f32("[3]", "[1, 2, 3]", false), spec("bool", "[3]", "[false, false, true]")), """
                {"name": "ge_scalar_lhs_int", "op": "ge", "args": [{"scalar": 1}, %s], "kwargs": {},
                 "out": %s, "grad_fn": null, "grads": [null, null]}
                """.formatted(spec("int64", "[3]", "[0, 1, 2]"), spec("bool", "[3]", "[true, true, false]")));

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isEqualTo(2);
    }

    @Test
    void int64ValuesAreComparedExactlyBeyondTwoToThe53() throws IOException {
        String big = "{\"name\": \"sum_int64_big\", \"op\": \"sum\", \"args\": [%s], \"kwargs\": {},"
                + " \"out\": %s, \"grad_fn\": null, \"grads\": [null]}";

        GoldenReport right = runCases(big.formatted(spec("int64", "[2]", "[9007199254740993, 0]"),
                spec("int64", "[]", "[9007199254740993]")));
        GoldenReport offByOne = runCases(big.formatted(spec("int64", "[2]", "[9007199254740993, 0]"),
                spec("int64", "[]", "[9007199254740992]")));

        assertThat(right.failures()).isEmpty();
        assertThat(offByOne.failures()).singleElement().asString().contains("out[0] = 9007199254740993");
    }

    @Test
    void squeezeTakesADimListAndNoDim() throws IOException {
        String squeeze = """
                {"name": "%s", "op": "squeeze", "args": [%s], "kwargs": %s, "out": %s, "grad_fn": "%s",
                 "grad_out": %s, "grads": [%s]}
                """;
        String x = f32("[1, 2, 1]", "[1, 2]", true);
        GoldenReport report = runCases(
                squeeze.formatted("squeeze_dims", x, "{\"dim\": [0, -1]}", f32("[2]", "[1, 2]", false),
                        "SqueezeBackward2", f32("[2]", "[3, 4]", false), f32("[1, 2, 1]", "[3, 4]", false)),
                squeeze.formatted("squeeze_dims_partly", x, "{\"dim\": [1, 2]}", f32("[1, 2]", "[1, 2]", false),
                        "SqueezeBackward2", f32("[1, 2]", "[3, 4]", false), f32("[1, 2, 1]", "[3, 4]", false)),
                squeeze.formatted("squeeze_all", x, "{}", f32("[2]", "[1, 2]", false),
                        "SqueezeBackward0", f32("[2]", "[3, 4]", false), f32("[1, 2, 1]", "[3, 4]", false)));

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isEqualTo(3);
    }

    @Test
    void powTakesATensorExponentAndAPythonNumberBase() throws IOException {
        String pow = """
                {"name": "%s", "op": "pow", "args": [%s, %s], "kwargs": {}, "out": %s, "grad_fn": %s,
                 "grad_out": %s, "grads": [%s, %s]}
                """;
        GoldenReport report = runCases(
                // torch.pow(a, b): d/da = b * a^(b-1) (0 where b == 0), d/db = a^b * log(a) (0 where a == 0, b >= 0)
                pow.formatted("pow_tensor_exp_bcast", f32("[2]", "[-2, 0]", true), f32("[2, 1]", "[2, 0]", true),
                        f32("[2, 2]", "[4, 0, 1, 1]", false), "\"PowBackward1\"", f32("[2, 2]", "[1, 1, 1, 1]", false),
                        f32("[2]", "[-4, 0]", false), f32("[2, 1]", "[\"nan\", \"nan\"]", false)),
                pow.formatted("pow_zero_base", f32("[1]", "[0]", true), f32("[1]", "[2]", true),
                        f32("[1]", "[0]", false), "\"PowBackward1\"", f32("[1]", "[1]", false),
                        f32("[1]", "[0]", false), f32("[1]", "[0]", false)),
                // 2 ** t
                pow.formatted("pow_scalar_base", "{\"scalar\": 2}", f32("[3]", "[0, 1, 2]", true),
                        f32("[3]", "[1, 2, 4]", false), "\"PowBackward2\"", f32("[3]", "[1, 1, 1]", false),
                        "null", f32("[3]", "[0.6931472, 1.3862944, 2.7725887]", false)),
                pow.formatted("pow_int64", spec("int64", "[3]", "[2, -1, 3]"), spec("int64", "[3]", "[10, 3, -1]"),
                        spec("int64", "[3]", "[1024, -1, 0]"), "null", "null", "null", "null"),
                pow.formatted("pow_float_base_int64", "{\"scalar\": 0.5}", spec("int64", "[2]", "[1, 2]"),
                        f32("[2]", "[0.5, 0.25]", false), "null", "null", "null", "null"));

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isEqualTo(5);
    }

    @Test
    void reluPassesTheGradientAtANanOutputAndNonFiniteValuesRoundTrip() throws IOException {
        // threshold_backward(grad, result, 0) is `result <= 0 ? 0 : grad`: NaN <= 0 is false, so NaN passes grad.
        GoldenReport report = runCases("""
                {"name": "relu_nan", "op": "relu", "args": [%s], "kwargs": {}, "out": %s,
                 "grad_fn": "ReluBackward0", "grad_out": %s, "grads": [%s]}
                """.formatted(f32("[3]", "[\"nan\", -1, 2]", true), f32("[3]", "[\"nan\", 0, 2]", false),
                f32("[3]", "[\"inf\", \"inf\", 5]", false), f32("[3]", "[\"inf\", 0, 5]", false)), """
                {"name": "log_zero", "op": "log", "args": [%s], "kwargs": {}, "out": %s,
                 "grad_fn": "LogBackward0", "grad_out": %s, "grads": [%s]}
                """.formatted(f32("[2]", "[0, 1]", true), f32("[2]", "[\"-inf\", 0]", false),
                f32("[2]", "[1, 1]", false), f32("[2]", "[\"inf\", 1]", false)));

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isEqualTo(2);
    }

    @Test
    void alphaScalesTheSecondOperandUnderTheOpsOwnNodeAndAnIntAlphaKeepsInt64() throws IOException {
        String binary = """
                {"name": "%s", "op": "%s", "args": [%s, %s], "kwargs": {"alpha": %s}, "out": %s, "grad_fn": %s,
                 "grad_out": %s, "grads": %s}
                """;
        GoldenReport report = runCases(
                binary.formatted("sub_alpha", "sub", f32("[2]", "[1, 2]", true), f32("[2]", "[1, 1]", true), "2",
                        f32("[2]", "[-1, 0]", false), "\"SubBackward0\"", f32("[2]", "[1, 1]", false),
                        "[" + f32("[2]", "[1, 1]", false) + ", " + f32("[2]", "[-2, -2]", false) + "]"),
                binary.formatted("add_alpha_float", "add", f32("[2]", "[1, 2]", true), f32("[2]", "[1, 1]", true), "0.5",
                        f32("[2]", "[1.5, 2.5]", false), "\"AddBackward0\"", f32("[2]", "[1, 1]", false),
                        "[" + f32("[2]", "[1, 1]", false) + ", " + f32("[2]", "[0.5, 0.5]", false) + "]"),
                binary.formatted("add_alpha_int64", "add", spec("int64", "[2]", "[1, 2]"), spec("int64", "[2]", "[1, 1]"),
                        "3", spec("int64", "[2]", "[4, 5]"), "null", "null", "[null, null]"));

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isEqualTo(3);
    }

    @Test
    void reprsOfAnEmptyTensorAMixedBoolIntListAndNone() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "golden/1");
        ArrayNode reprs = root.putArray("reprs");
        reprs.addObject().put("expr", "torch.tensor([])").put("repr", "tensor([])");
        reprs.addObject().put("expr", "torch.tensor([True, 2])").put("repr", "tensor([1, 2])");
        reprs.addObject().put("expr", "w.grad").put("repr", "None");

        GoldenReport report = new GoldenRunner(Device.cpu()).run(new ByteArrayInputStream(JSON.writeValueAsBytes(root)));

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isEqualTo(3);
    }
}
