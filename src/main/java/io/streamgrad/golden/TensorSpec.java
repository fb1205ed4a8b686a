package io.streamgrad.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Converts the golden format's tensor specs ({@code dtype}, {@code shape}, flat {@code data} with
 * non-finite floats as strings, {@code requires_grad}) to tensors, and compares tensors with a spec under
 * the format's tolerances.
 */
final class TensorSpec {
    private TensorSpec() {
    }

    static boolean isTensor(JsonNode node) {
        return node != null && node.isObject() && node.has("dtype") && node.has("data");
    }

    static int[] shape(JsonNode spec) {
        JsonNode shape = spec.get("shape");
        int[] out = new int[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape.get(i).asInt();
        }
        return out;
    }

    static double number(JsonNode value) {
        if (value.isTextual()) {
            return switch (value.asText()) {
                case "inf", "Infinity" -> Double.POSITIVE_INFINITY;
                case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
                case "nan", "NaN" -> Double.NaN;
                default -> throw new IllegalArgumentException("not a number: " + value);
            };
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? 1 : 0;
        }
        return value.asDouble();
    }

    static double[] values(JsonNode data) {
        double[] out = new double[data.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(data.get(i));
        }
        return out;
    }

    /** The tensor a spec describes, on {@code device}; a leaf requiring grad when the spec says so. */
    static Tensor toTensor(JsonNode spec, Device device) {
        DType dtype = DType.parse(spec.get("dtype").asText());
        int[] shape = shape(spec);
        JsonNode data = spec.get("data");
        Tensor t = switch (dtype) {
            case INT64 -> {
                long[] longs = new long[data.size()];
                for (int i = 0; i < longs.length; i++) {
                    longs[i] = data.get(i).asLong();
                }
                yield Tensor.fromData(longs, shape);
            }
            case BOOL -> {
                boolean[] bools = new boolean[data.size()];
                for (int i = 0; i < bools.length; i++) {
                    bools[i] = data.get(i).asBoolean();
                }
                yield Tensor.fromData(bools, shape);
            }
            default -> Tensor.fromData(values(data), dtype, shape);
        };
        t = t.to(device);
        if (spec.path("requires_grad").asBoolean(false)) {
            t.requiresGrad_();
        }
        return t;
    }

    /** The format's per-dtype tolerance: {@code |got - want| <= atol + rtol·|want|}. */
    static double tolerance(DType dtype, double want) {
        return dtype == DType.FLOAT64 ? 1e-10 + 1e-9 * Math.abs(want) : 1e-5 + 1e-4 * Math.abs(want);
    }

    /** Differences between {@code got} and the expected spec; empty when they agree. */
    static List<String> compare(String what, JsonNode want, Tensor got) {
        List<String> problems = new ArrayList<>();
        if (got == null) {
            problems.add(what + " is missing (want " + want.get("dtype").asText() + " " + want.get("shape") + ")");
            return problems;
        }
        DType dtype = DType.parse(want.get("dtype").asText());
        int[] shape = shape(want);
        if (got.dtype() != dtype) {
            problems.add(what + " dtype " + got.dtype().pythonName() + ", want " + dtype.pythonName());
        }
        if (!Arrays.equals(got.sizes(), shape)) {
            problems.add(what + " shape " + got.shape() + ", want " + Arrays.toString(shape));
            return problems;
        }
        if (dtype == DType.INT64) {
            compareLongs(what, want.get("data"), got, problems);
            return problems;
        }
        compareValues(what, dtype, values(want.get("data")), got, problems);
        return problems;
    }

    /** int64 values compared exactly as longs: beyond 2^53 a double would round them. */
    private static void compareLongs(String what, JsonNode want, Tensor got, List<String> problems) {
        long[] g = got.dtype() == DType.INT64 ? got.toLongArray() : null;
        for (int i = 0; i < want.size(); i++) {
            JsonNode w = want.get(i);
            if (g == null || !w.canConvertToLong() || g[i] != w.asLong()) {
                problems.add(what + "[" + i + "] = " + (g == null ? String.valueOf(got.toDoubleArray()[i]) : String.valueOf(g[i])) + ", want " + w);
                return;
            }
        }
    }

    private static void compareValues(String what, DType dtype, double[] want, Tensor got, List<String> problems) {
        double[] g = got.toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            Optional<String> diff = compareNumber(dtype, want[i], g[i]);
            if (diff.isPresent()) {
                problems.add(what + "[" + i + "] = " + g[i] + ", want " + want[i] + " " + diff.get());
                return;
            }
        }
    }

    /** Non-finite values must match as non-finite (same kind); finite ones within tolerance. */
    static Optional<String> compareNumber(DType dtype, double want, double got) {
        if (Double.isNaN(want) || Double.isInfinite(want)) {
            boolean same = Double.isNaN(want) ? Double.isNaN(got) : want == got;
            return same ? Optional.empty() : Optional.of("(non-finite mismatch)");
        }
        double tol = tolerance(dtype, want);
        double diff = Math.abs(got - want);
        if (diff <= tol) {
            return Optional.empty();
        }
        return Optional.of(String.format("(|diff| %.3g > tol %.3g)", diff, tol));
    }
}
