package io.streamgrad.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Shape;
import io.streamgrad.tensor.Tensor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@code reprs} section: evaluates each expression over the seminar's objects ({@code x}, the
 * int64 matrix {@code [[1, 2], [3, 4]]}, and {@code w}, {@code ones(1)} requiring grad) and compares the
 * result's repr character for character; dtypes, sizes and devices are compared by value.
 */
final class ReprCases {
    private static final Pattern SIZE = Pattern.compile("torch\\.Size\\(\\[(.*)]\\)");
    private static final Pattern DEVICE = Pattern.compile("device\\(type='(\\w+)'(?:, index=(\\d+))?\\)");

    private ReprCases() {
    }

    static Map<String, Object> seminarScope() {
        Map<String, Object> scope = new HashMap<>();
        scope.put("torch", PythonObjects.Torch.MODULE);
        scope.put("float", new PythonObjects.Callable("float", null));
        scope.put("int", new PythonObjects.Callable("int", null));
        scope.put("x", Tensor.of(new long[][] {{1, 2}, {3, 4}}));
        scope.put("w", Tensor.ones(1).requiresGrad_());
        return scope;
    }

    static void runAll(JsonNode reprs, GoldenReport report) {
        for (JsonNode r : reprs) {
            String expr = r.get("expr").asText();
            String want = r.get("repr").asText();
            List<String> problems;
            try {
                Object value = PythonExpression.evaluate(expr, seminarScope());
                problems = compare(value, want);
            } catch (RuntimeException e) {
                problems = List.of("raised " + e);
            }
            report.add("repr " + expr, problems);
        }
    }

    static List<String> compare(Object value, String want) {
        String got = PythonObjects.repr(value);
        boolean same = switch (value) {
            case null -> got.equals(want);
            case DType d -> d == DType.parse(want);
            case Shape s -> sameShape(s, want);
            case Device d -> sameDevice(d, want);
            default -> got.equals(want);
        };
        return same ? List.of() : List.of("got\n" + got + "\nwant\n" + want);
    }

    private static boolean sameShape(Shape s, String want) {
        Matcher m = SIZE.matcher(want);
        if (!m.matches()) {
            return false;
        }
        String inner = m.group(1).trim();
        int[] dims = inner.isEmpty() ? new int[0]
                : java.util.Arrays.stream(inner.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        return s.equals(Shape.of(dims));
    }

    private static boolean sameDevice(Device d, String want) {
        Matcher m = DEVICE.matcher(want);
        if (!m.matches()) {
            return false;
        }
        Device expected = m.group(1).equals("cpu") ? Device.cpu()
                : Device.cuda(m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
        return d.equals(expected);
    }
}
