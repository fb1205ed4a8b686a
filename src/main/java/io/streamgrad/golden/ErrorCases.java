package io.streamgrad.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@code errors} section. An entry with a message is reproduced from what the message says
 * (shapes, dtypes, versions and node names are read out of it) and the engine must raise exactly that
 * message; entries with values ({@code x_grad}, {@code value}) check autograd edge cases by their name.
 */
final class ErrorCases {
    private static final Pattern BROADCAST = Pattern.compile(
            "The size of tensor a \\((\\d+)\\) must match the size of tensor b \\((\\d+)\\) at non-singleton dimension (\\d+)");
    private static final Pattern MATMUL = Pattern.compile(
            "mat1 and mat2 shapes cannot be multiplied \\((\\d+)x(\\d+) and (\\d+)x(\\d+)\\)");
    private static final Pattern MODIFIED = Pattern.compile(
            "\\[torch\\.(\\w+)Tensor \\[([\\d, ]*)]](, which is output 0 of (\\w+),)? is at version (\\d+); expected version (\\d+)");

    private ErrorCases() {
    }

    static void runAll(JsonNode errors, Device device, GoldenReport report) {
        for (JsonNode e : errors) {
            String name = e.path("name").asText();
            List<String> problems;
            try {
                problems = e.has("error") ? expectError(e.get("error").asText(), device) : checkValue(e, device);
            } catch (RuntimeException ex) {
                problems = List.of("raised " + ex);
            }
            report.add("error " + name, problems);
        }
    }

    private static List<String> expectError(String message, Device device) {
        // PyTorch names CUDA tensors torch.cuda.FloatTensor: on a GPU, expect what PyTorch prints there.
        String want = device.isCuda() ? message.replace("[torch.", "[torch.cuda.") : message;
        try {
            provoke(message, device);
        } catch (RuntimeException e) {
            return e.getMessage().equals(want) ? List.of()
                    : List.of("raised \"" + e.getMessage() + "\", want \"" + want + "\"");
        }
        return List.of("no error raised, want \"" + want + "\"");
    }

    /** Runs the operation the message describes, which should throw. */
    private static void provoke(String message, Device device) {
        Matcher m;
        if ((m = BROADCAST.matcher(message)).find()) {
            int dim = Integer.parseInt(m.group(3));
            ones(device, leadingOnes(dim, Integer.parseInt(m.group(1))))
                    .add(ones(device, leadingOnes(dim, Integer.parseInt(m.group(2)))));
        } else if ((m = MATMUL.matcher(message)).find()) {
            ones(device, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
                    .matmul(ones(device, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
        } else if ((m = MODIFIED.matcher(message)).find()) {
            modifiedSavedTensor(m, device);
        } else if (message.startsWith("a leaf Variable that requires grad")) {
            ones(device, 3).requiresGrad_().add_(1L);
        } else if (message.startsWith("Trying to backward through the graph a second time")) {
            Tensor x = ones(device, 3).requiresGrad_();
            Tensor y = x.mul(x).sum();
            y.backward();
            y.backward();
        } else if (message.startsWith("grad can be implicitly created only for scalar outputs")) {
            ones(device, 3).requiresGrad_().mul(2L).backward();
        } else if (message.startsWith("element 0 of tensors does not require grad")) {
            ones(device, 3).sum().backward();
        } else {
            throw new UnsupportedOperationException("no known way to provoke: " + message);
        }
    }

    private static int[] leadingOnes(int dim, int size) {
        int[] shape = new int[dim + 1];
        java.util.Arrays.fill(shape, 1);
        shape[dim] = size;
        return shape;
    }

    private static Tensor ones(Device device, int... shape) {
        return Tensor.ones(shape).to(device);
    }

    /** A saved tensor changed in place between forward and backward, as the message describes it. */
    private static void modifiedSavedTensor(Matcher m, Device device) {
        DType dtype = switch (m.group(1)) {
            case "Double" -> DType.FLOAT64;
            default -> DType.FLOAT32;
        };
        String inner = m.group(2).trim();
        int[] shape = inner.isEmpty() ? new int[0]
                : java.util.Arrays.stream(inner.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        String producer = m.group(4);
        int bumps = Integer.parseInt(m.group(5)) - Integer.parseInt(m.group(6));
        Tensor a = Tensor.rand(dtype, shape).add(0.5).to(device).requiresGrad_();
        if (producer == null) {
            // A saved leaf: modified under no_grad, where in-place on a leaf is allowed.
            Tensor y = a.mul(a);
            try (GradScope ignored = Autograd.noGrad()) {
                for (int i = 0; i < bumps; i++) {
                    a.add_(1L);
                }
            }
            y.sum().backward();
            return;
        }
        Tensor b = switch (producer) {
            case "ExpBackward0" -> a.exp();
            case "SigmoidBackward0" -> a.sigmoid();
            case "TanhBackward0" -> a.tanh();
            case "SqrtBackward0" -> a.sqrt();
            case "ReluBackward0" -> a.relu();
            case "ReciprocalBackward0" -> a.reciprocal();
            default -> throw new UnsupportedOperationException("no op known that saves its output as " + producer);
        };
        for (int i = 0; i < bumps; i++) {
            b.add_(1L);
        }
        b.sum().backward();
    }

    private static List<String> checkValue(JsonNode e, Device device) {
        String name = e.path("name").asText();
        List<String> problems = new ArrayList<>();
        if (e.has("x_grad")) {
            JsonNode want = e.get("x_grad");
            double scale = want.get(0).asDouble() / 2;
            Tensor x = ones(device, want.size()).requiresGrad_();
            Tensor y = x.mul(scale).sum();
            y.backward(null, true);
            y.backward();
            double[] got = x.grad().toDoubleArray();
            for (int i = 0; i < got.length; i++) {
                if (Math.abs(got[i] - want.get(i).asDouble()) > 1e-6) {
                    problems.add("x.grad[" + i + "] = " + got[i] + ", want " + want.get(i).asDouble());
                }
            }
            return problems;
        }
        Tensor w = ones(device, 1).requiresGrad_();
        Tensor result;
        if (name.contains("no_grad")) {
            try (GradScope ignored = Autograd.noGrad()) {
                result = w.mul(2L);
            }
        } else if (name.contains("detach")) {
            result = w.mul(2L).detach();
        } else {
            return List.of("unknown autograd check '" + name + "'");
        }
        boolean want = e.get("value").asBoolean();
        if (result.requiresGrad() != want) {
            problems.add("requires_grad " + result.requiresGrad() + ", want " + want);
        }
        if (e.has("grad_fn") && e.get("grad_fn").isNull() && result.gradFn() != null) {
            problems.add("grad_fn " + result.gradFn().name() + ", want None");
        }
        return problems;
    }
}
