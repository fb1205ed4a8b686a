package io.streamgrad.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the PyTorch golden file ({@code tests/resources/golden/torch_ops.json}, format {@code golden/1}) and
 * compares engine results with it at the format's float32 tolerance, {@code |got − want| ≤ 1e-5 + 1e-4·|want|}.
 */
public final class Golden {
    public static final double F32_ABS = 1e-5;
    public static final double F32_REL = 1e-4;
    private static final String RESOURCE = "/golden/torch_ops.json";
    private static final JsonNode ROOT = load();

    private Golden() {
    }

    private static JsonNode load() {
        try (InputStream in = Golden.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenario named {@code name}. */
    public static JsonNode scenario(String name) {
        for (JsonNode s : ROOT.get("scenarios")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario '" + name + "' in " + RESOURCE);
    }

    /** A tensor spec's flat data; {@code "inf"}, {@code "-inf"} and {@code "nan"} strings become doubles. */
    public static double[] data(JsonNode spec) {
        JsonNode data = spec.get("data");
        double[] out = new double[data.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = data.get(i);
            out[i] = v.isTextual() ? Double.parseDouble(v.asText().replace("inf", "Infinity").replace("nan", "NaN"))
                    : v.asDouble();
        }
        return out;
    }

    public static int[] shape(JsonNode spec) {
        JsonNode shape = spec.get("shape");
        int[] out = new int[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape.get(i).asInt();
        }
        return out;
    }

    /** The tensor a float spec describes. */
    public static Tensor tensor(JsonNode spec) {
        DType dtype = switch (spec.get("dtype").asText()) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw new IllegalArgumentException("not a float spec: " + spec.get("dtype"));
        };
        return Tensor.fromData(data(spec), dtype, shape(spec));
    }

    /** A state dict of tensor specs, in the file's key order. */
    public static Map<String, Tensor> stateDict(JsonNode specs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        specs.properties().forEach(e -> out.put(e.getKey(), tensor(e.getValue())));
        return out;
    }

    /** Whether {@code got} is within the float32 tolerance of {@code want} (NaN matches NaN). */
    public static boolean closeF32(double got, double want) {
        if (Double.isNaN(want) || Double.isInfinite(want)) {
            return Double.compare(got, want) == 0;
        }
        return Math.abs(got - want) <= F32_ABS + F32_REL * Math.abs(want);
    }

    /** Fails naming the first element of {@code got} outside the float32 tolerance of {@code want}. */
    public static void assertCloseF32(String what, Tensor got, JsonNode wantSpec) {
        org.assertj.core.api.Assertions.assertThat(got.shape().toArray()).as(what + " shape")
                .containsExactly(shape(wantSpec));
        assertCloseF32(what, got.toDoubleArray(), data(wantSpec));
    }

    public static void assertCloseF32(String what, double[] got, double[] want) {
        org.assertj.core.api.Assertions.assertThat(got).as(what + " length").hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            if (!closeF32(got[i], want[i])) {
                throw new AssertionError(what + "[" + i + "]: got " + got[i] + ", want " + want[i] + " (|diff| "
                        + Math.abs(got[i] - want[i]) + " > " + (F32_ABS + F32_REL * Math.abs(want[i])) + ")");
            }
        }
    }
}
