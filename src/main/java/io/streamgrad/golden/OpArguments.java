package io.streamgrad.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A case's positional arguments (tensors, Python scalars or None) and keyword arguments, with typed
 * accessors that fail with a message naming the case's op when an argument has an unexpected form.
 */
final class OpArguments {
    private final String op;
    private final List<Object> positional = new ArrayList<>();
    private final JsonNode kwargs;

    /** A Python scalar argument: integral ones keep integer semantics. */
    record Scalar(double value, boolean integral) {
    }

    private OpArguments(String op, List<Object> positional, JsonNode kwargs) {
        this.op = op;
        this.positional.addAll(positional);
        this.kwargs = kwargs;
    }

    /** The same arguments with the first two exchanged (the same tensor objects, so gradients stay on them). */
    OpArguments swapped() {
        List<Object> args = new ArrayList<>(positional);
        args.set(0, positional.get(1));
        args.set(1, positional.get(0));
        return new OpArguments(op, args, kwargs);
    }

    OpArguments(String op, JsonNode args, JsonNode kwargs, Device device, boolean transposedLayout) {
        this.op = op;
        this.kwargs = kwargs;
        for (JsonNode arg : args) {
            if (arg == null || arg.isNull()) {
                positional.add(null);
            } else if (arg.has("scalar")) {
                JsonNode v = arg.get("scalar");
                positional.add(new Scalar(TensorSpec.number(v), v.isIntegralNumber() || v.isBoolean()));
            } else {
                Tensor t = TensorSpec.toTensor(arg, device);
                if (transposedLayout && positional.isEmpty()) {
                    t = withTransposedLayout(t);
                }
                positional.add(t);
            }
        }
    }

    /**
     * The same values and flags stored column-major: the generator's "after_t" cases feed a transposed,
     * non-contiguous leaf, which decides whether reshape can be a view.
     */
    private static Tensor withTransposedLayout(Tensor t) {
        if (t.dim() != 2) {
            return t;
        }
        boolean grad = t.requiresGrad();
        Tensor transposed = t.detach().t().contiguous().t().detach();
        return grad ? transposed.requiresGrad_() : transposed;
    }

    int size() {
        return positional.size();
    }

    Object get(int i) {
        return positional.get(i);
    }

    boolean isTensor(int i) {
        return i < positional.size() && positional.get(i) instanceof Tensor;
    }

    Tensor tensor(int i) {
        Object o = i < positional.size() ? positional.get(i) : null;
        if (o instanceof Tensor t) {
            return t;
        }
        throw new IllegalArgumentException(op + ": argument " + i + " should be a tensor, got " + o);
    }

    /** Argument {@code i} as a tensor, or null for None / absent. */
    Tensor optionalTensor(int i) {
        return i < positional.size() && positional.get(i) != null ? tensor(i) : null;
    }

    Scalar scalar(int i) {
        Object o = positional.get(i);
        if (o instanceof Scalar s) {
            return s;
        }
        throw new IllegalArgumentException(op + ": argument " + i + " should be a Python number, got " + o);
    }

    List<Tensor> tensors() {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < positional.size(); i++) {
            out.add(tensor(i));
        }
        return out;
    }

    boolean has(String key) {
        return kwargs != null && kwargs.has(key) && !kwargs.get(key).isNull();
    }

    /** Whether keyword {@code key} is given as a list (a Python list or tuple). */
    boolean isListKw(String key) {
        return has(key) && kwargs.get(key).isArray();
    }

    int intKw(String key, int fallback) {
        return has(key) ? kwargs.get(key).asInt() : fallback;
    }

    boolean boolKw(String key, boolean fallback) {
        return has(key) ? kwargs.get(key).asBoolean() : fallback;
    }

    /** Whether keyword {@code key} is absent or a Python int (or bool), which keeps an integer tensor's dtype. */
    boolean absentOrIntegralKw(String key) {
        return !has(key) || kwargs.get(key).isIntegralNumber() || kwargs.get(key).isBoolean();
    }

    long longKw(String key, long fallback) {
        return has(key) ? kwargs.get(key).asLong() : fallback;
    }

    double doubleKw(String key, double fallback) {
        return has(key) ? TensorSpec.number(kwargs.get(key)) : fallback;
    }

    String stringKw(String key, String fallback) {
        return has(key) ? kwargs.get(key).asText() : fallback;
    }

    /** An int or a list of ints (e.g. {@code dim}, {@code shape}); null when absent. */
    int[] intsKw(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode v = kwargs.get(key);
        if (v.isArray()) {
            int[] out = new int[v.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = v.get(i).asInt();
            }
            return out;
        }
        return new int[] {v.asInt()};
    }
}
