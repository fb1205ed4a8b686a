package io.streamgrad.golden;

import io.streamgrad.autograd.Node;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Shape;
import io.streamgrad.tensor.Tensor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The objects a golden-file expression can touch: the {@code torch} namespace, tensors and their
 * attributes, and Python builtins. Tensor methods are found by name on {@link Tensor} (snake_case mapped
 * to camelCase) and called with Python values converted to Java parameters.
 */
final class PythonObjects {
    /** The {@code torch} module. */
    enum Torch { MODULE }

    /** A function or a method bound to its receiver (null for module functions and builtins). */
    record Callable(String name, Object receiver) {
    }

    private PythonObjects() {
    }

    static Object attribute(Object target, String name) {
        if (target == Torch.MODULE) {
            try {
                return DType.parse(name);
            } catch (IllegalArgumentException notADtype) {
                return new Callable(name, Torch.MODULE);
            }
        }
        if (target instanceof Tensor t) {
            return switch (name) {
                case "dtype" -> t.dtype();
                case "shape" -> t.shape();
                case "device" -> t.device();
                case "requires_grad" -> t.requiresGrad();
                case "grad" -> t.grad();
                case "grad_fn" -> t.gradFn();
                case "is_leaf" -> t.isLeaf();
                case "ndim" -> (long) t.dim();
                case "T" -> t.t();
                default -> new Callable(name, t);
            };
        }
        if (target instanceof Node n && name.equals("name")) {
            return new Callable("name", n);
        }
        throw new IllegalArgumentException("no attribute '" + name + "' on " + target);
    }

    static Object index(Object target, Object index) {
        if (target instanceof Tensor t && index instanceof Long i) {
            return t.get(Math.toIntExact(i));
        }
        if (target instanceof List<?> list && index instanceof Long i) {
            return list.get(Math.toIntExact(i));
        }
        throw new IllegalArgumentException("cannot index " + target + " with " + index);
    }

    static Object call(Object function, List<Object> args, Map<String, Object> kwargs) {
        if (!(function instanceof Callable c)) {
            throw new IllegalArgumentException(function + " is not callable");
        }
        if (c.receiver() == Torch.MODULE) {
            return TorchFunctions.call(c.name(), args, kwargs);
        }
        if (c.receiver() == null) {
            return builtin(c.name(), args);
        }
        if (c.receiver() instanceof Node n) {
            return n.name();
        }
        return callMethod((Tensor) c.receiver(), c.name(), args, kwargs);
    }

    private static Object builtin(String name, List<Object> args) {
        if (name.equals("float")) {
            Object v = args.get(0);
            return v instanceof String s ? switch (s) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(s);
            } : ((Number) v).doubleValue();
        }
        if (name.equals("int")) {
            return ((Number) args.get(0)).longValue();
        }
        throw new IllegalArgumentException("unknown builtin " + name);
    }

    /** Calls {@code tensor.name(args...)} where {@code name} is the Python spelling. */
    static Object callMethod(Tensor tensor, String name, List<Object> args, Map<String, Object> kwargs) {
        List<Object> all = new ArrayList<>(args);
        all.addAll(kwargs.values());
        switch (name) {
            case "size":
                return all.isEmpty() ? tensor.shape() : (Object) (long) tensor.size(Math.toIntExact((Long) all.get(0)));
            case "dim":
                return (long) tensor.dim();
            case "numel":
                return tensor.numel();
            case "item":
                return tensor.dtype().isFloatingPoint() ? (Object) tensor.item() : (Object) tensor.itemLong();
            case "to":
                return all.get(0) instanceof DType d ? tensor.to(d) : tensor.to(Device.parse((String) all.get(0)));
            default:
                break;
        }
        String javaName = camelCase(name);
        List<Method> candidates = Arrays.stream(Tensor.class.getMethods())
                .filter(m -> m.getName().equals(javaName) && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparingInt(PythonObjects::preference))
                .toList();
        for (Method m : candidates) {
            Object[] converted = convert(m, all);
            if (converted != null) {
                try {
                    return m.invoke(tensor, converted);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException("no method Tensor." + javaName + " accepts " + all);
    }

    /** Integral overloads first, so Python ints keep integer semantics. */
    private static int preference(Method m) {
        int score = 0;
        for (Class<?> p : m.getParameterTypes()) {
            if (p == double.class) {
                score++;
            }
        }
        return score;
    }

    static String camelCase(String python) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '_' && i > 0 && i < python.length() - 1) {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Object[] convert(Method m, List<Object> args) {
        Class<?>[] types = m.getParameterTypes();
        if (m.isVarArgs() && types.length == 1 && types[0] == int[].class) {
            return new Object[] {ints(args)};
        }
        if (types.length != args.size()) {
            return null;
        }
        Object[] out = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            out[i] = convertOne(types[i], args.get(i));
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    private static Object convertOne(Class<?> type, Object value) {
        if (type == long.class) {
            return value instanceof Long ? value : null;
        }
        if (type == int.class) {
            return value instanceof Long l ? (Object) Math.toIntExact(l) : null;
        }
        if (type == double.class) {
            return value instanceof Number n ? (Object) n.doubleValue() : null;
        }
        if (type == boolean.class) {
            return value instanceof Boolean ? value : null;
        }
        if (type == int[].class) {
            return value instanceof List<?> list ? ints(new ArrayList<>(list)) : null;
        }
        return type.isInstance(value) ? value : null;
    }

    static int[] ints(List<?> values) {
        if (values.size() == 1 && values.get(0) instanceof List<?> inner) {
            return ints(inner);
        }
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact((Long) values.get(i));
        }
        return out;
    }

    /** Python's repr of a value, PyTorch's for dtypes, sizes and devices. */
    static String repr(Object value) {
        return switch (value) {
            case null -> "None";
            case Tensor t -> t.toString();
            case DType d -> d.toString();
            case Shape s -> "torch.Size(" + s + ")";
            case Device d -> d.isCuda() ? "device(type='cuda', index=" + d.index() + ")" : "device(type='cpu')";
            case Boolean b -> b ? "True" : "False";
            case Double d -> pythonFloat(d);
            case Node n -> "<" + n.name() + " object>";
            default -> String.valueOf(value);
        };
    }

    private static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e16 ? (long) d + ".0" : Double.toString(d);
    }
}
