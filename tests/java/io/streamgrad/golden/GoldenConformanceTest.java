package io.streamgrad.golden;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamgrad.tensor.Device;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine against PyTorch's reference file, and the runner's ability to notice a wrong answer. */
class GoldenConformanceTest {
    private static final String PUBLIC_FILE = "/golden/torch_ops.json";

    private static ObjectNode publicFile() throws IOException {
        try (InputStream in = GoldenConformanceTest.class.getResourceAsStream(PUBLIC_FILE)) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        }
    }

    private static GoldenReport run(ObjectNode root) throws IOException {
        byte[] json = new ObjectMapper().writeValueAsBytes(root);
        return new GoldenRunner(Device.cpu()).run(new ByteArrayInputStream(json));
    }

    @Test
    void everyItemOfThePublicFilePasses() throws IOException {
        GoldenReport report = run(publicFile());

        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isGreaterThan(120);
        assertThat(report.summary()).endsWith(" passed, 0 failed");
    }

    @Test
    void aWrongExpectedValueIsReportedAsAFailure() throws IOException {
        ObjectNode root = publicFile();
        ObjectNode firstCase = (ObjectNode) root.get("cases").get(0);
        ArrayNode data = (ArrayNode) firstCase.get("out").get("data");
        data.set(0, data.get(0).asDouble() + 0.5);

        GoldenReport report = run(root);

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.failures()).singleElement().asString().startsWith("FAIL case add_same: out[0]");
    }

    @Test
    void aWrongGradFnNameIsReportedAsAFailure() throws IOException {
        ObjectNode root = publicFile();
        ((ObjectNode) root.get("cases").get(0)).put("grad_fn", "SubBackward0");

        GoldenReport report = run(root);

        assertThat(report.failures()).singleElement().asString()
                .contains("grad_fn AddBackward0, want SubBackward0");
    }

    @Test
    void aWrongErrorMessageIsReportedAsAFailure() throws IOException {
        ObjectNode root = publicFile();
        for (var error : root.get("errors")) {
            if (error.path("name").asText().equals("matmul_mismatch")) {
                ((ObjectNode) error).put("error", "mat1 and mat2 shapes cannot be multiplied (2x3 and 3x5)");
            }
        }

        GoldenReport report = run(root);

        assertThat(report.failures()).singleElement().asString().contains("error matmul_mismatch");
    }

    @Test
    void otherShapesInAnErrorMessageAreProvokedFromTheMessage() throws IOException {
        ObjectNode root = publicFile();
        for (var error : root.get("errors")) {
            if (error.path("name").asText().equals("broadcast_mismatch")) {
                ((ObjectNode) error).put("error",
                        "The size of tensor a (5) must match the size of tensor b (7) at non-singleton dimension 2");
            }
        }

        assertThat(run(root).failures()).isEmpty();
    }

    @Test
    void clampKeepsAnIntegerTensorsDtypeForIntBoundsAndPromotesItForFloatOnes() throws IOException {
        ObjectNode root = publicFile();
        ArrayNode cases = root.putArray("cases");
        cases.add(clampCase("clamp_int_bounds", "{\"min\": 1, \"max\": 3}",
                "{\"dtype\": \"int64\", \"shape\": [3], \"data\": [1, 2, 3], \"requires_grad\": false}"));
        cases.add(clampCase("clamp_int_min_only", "{\"min\": 1}",
                "{\"dtype\": \"int64\", \"shape\": [3], \"data\": [1, 2, 5], \"requires_grad\": false}"));
        cases.add(clampCase("clamp_float_max", "{\"min\": 1, \"max\": 2.5}",
                "{\"dtype\": \"float32\", \"shape\": [3], \"data\": [1.0, 2.0, 2.5], \"requires_grad\": false}"));

        GoldenReport report = run(root);

        assertThat(report.failures()).isEmpty();
    }

    /** A clamp of int64 {@code [0, 2, 5]} with these keyword arguments, as PyTorch computes it. */
    private static ObjectNode clampCase(String name, String kwargs, String out) throws IOException {
        return (ObjectNode) new ObjectMapper().readTree("""
                {"name": "%s", "op": "clamp",
                 "args": [{"dtype": "int64", "shape": [3], "data": [0, 2, 5], "requires_grad": false}],
                 "kwargs": %s, "out": %s, "grad_fn": null, "grads": [null]}
                """.formatted(name, kwargs, out));
    }
}
