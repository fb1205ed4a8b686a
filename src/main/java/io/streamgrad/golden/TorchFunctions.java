package io.streamgrad.golden;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code torch.*} functions the golden expressions call, mapped onto the engine's factories. */
final class TorchFunctions {
    private TorchFunctions() {
    }

    static Object call(String name, List<Object> args, Map<String, Object> kwargs) {
        DType dtype = (DType) kwargs.get("dtype");
        boolean requiresGrad = Boolean.TRUE.equals(kwargs.get("requires_grad"));
        Tensor result = switch (name) {
            case "tensor" -> tensor(args.get(0), dtype);
            case "ones" -> Tensor.ones(dtype != null ? dtype : DType.defaultFloat(), PythonObjects.ints(args));
            case "zeros" -> Tensor.zeros(dtype != null ? dtype : DType.defaultFloat(), PythonObjects.ints(args));
            case "rand" -> Tensor.rand(dtype != null ? dtype : DType.defaultFloat(), PythonObjects.ints(args));
            case "randn" -> Tensor.randn(dtype != null ? dtype : DType.defaultFloat(), PythonObjects.ints(args));
            case "full" -> full(args, dtype);
            case "arange" -> arange(args, dtype);
            case "eye" -> Tensor.eye(Math.toIntExact((Long) args.get(0)), Math.toIntExact((Long) args.get(0)),
                    dtype != null ? dtype : DType.defaultFloat());
            case "manual_seed" -> {
                Tensor.manualSeed((Long) args.get(0));
                yield null;
            }
            default -> {
                // torch.f(t, ...) is t.f(...)
                if (!args.isEmpty() && args.get(0) instanceof Tensor t) {
                    yield asTensor(PythonObjects.callMethod(t, name, args.subList(1, args.size()), kwargs));
                }
                throw new IllegalArgumentException("unknown function torch." + name);
            }
        };
        return requiresGrad && result != null ? result.requiresGrad_() : result;
    }

    private static Tensor asTensor(Object o) {
        if (o instanceof Tensor t) {
            return t;
        }
        throw new IllegalArgumentException("expected a tensor result, got " + o);
    }

    private static Tensor full(List<Object> args, DType dtype) {
        int[] shape = PythonObjects.ints((List<?>) args.get(0));
        Object value = args.get(1);
        if (dtype != null) {
            return Tensor.full(((Number) value).doubleValue(), dtype, shape);
        }
        return value instanceof Long l ? Tensor.full(l, shape) : Tensor.full(((Number) value).doubleValue(), shape);
    }

    private static Tensor arange(List<Object> args, DType dtype) {
        boolean integral = args.stream().allMatch(a -> a instanceof Long);
        Tensor t;
        if (integral) {
            long start = args.size() > 1 ? (Long) args.get(0) : 0;
            long end = (Long) args.get(args.size() > 1 ? 1 : 0);
            long step = args.size() > 2 ? (Long) args.get(2) : 1;
            t = Tensor.arange(start, end, step);
        } else {
            double start = args.size() > 1 ? ((Number) args.get(0)).doubleValue() : 0;
            double end = ((Number) args.get(args.size() > 1 ? 1 : 0)).doubleValue();
            double step = args.size() > 2 ? ((Number) args.get(2)).doubleValue() : 1;
            t = Tensor.arange(start, end, step);
        }
        return dtype == null ? t : t.to(dtype);
    }

    /**
     * {@code torch.tensor(data)}: ints (bools among them count as 0/1) → int64, any float → float32, only bools →
     * bool, no elements → float32, unless dtype is given.
     */
    private static Tensor tensor(Object data, DType dtype) {
        List<Integer> shape = new ArrayList<>();
        List<Object> flat = new ArrayList<>();
        flatten(data, 0, shape, flat);
        int[] sizes = shape.stream().mapToInt(Integer::intValue).toArray();
        boolean anyFloat = flat.stream().anyMatch(v -> v instanceof Double);
        boolean allBool = !flat.isEmpty() && flat.stream().allMatch(v -> v instanceof Boolean);
        // No elements at all (torch.tensor([])) infer the default float dtype, as in PyTorch.
        DType inferred = flat.isEmpty() ? DType.defaultFloat()
                : allBool ? DType.BOOL : anyFloat ? DType.defaultFloat() : DType.INT64;
        DType type = dtype != null ? dtype : inferred;
        if (type == DType.INT64 && !anyFloat) {
            return Tensor.fromData(flat.stream().mapToLong(v -> v instanceof Boolean b ? (b ? 1 : 0)
                    : ((Number) v).longValue()).toArray(), sizes);
        }
        if (type == DType.BOOL) {
            boolean[] b = new boolean[flat.size()];
            for (int i = 0; i < b.length; i++) {
                Object v = flat.get(i);
                b[i] = v instanceof Boolean x ? x : ((Number) v).doubleValue() != 0;
            }
            return Tensor.fromData(b, sizes);
        }
        double[] values = flat.stream().mapToDouble(v -> v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue())
                .toArray();
        return Tensor.fromData(values, type, sizes);
    }

    private static void flatten(Object data, int depth, List<Integer> shape, List<Object> flat) {
        if (data instanceof List<?> list) {
            if (shape.size() == depth) {
                shape.add(list.size());
            } else if (shape.get(depth) != list.size()) {
                throw new IllegalArgumentException("expected sequence of length " + shape.get(depth) + " at dim "
                        + depth + " (got " + list.size() + ")");
            }
            for (Object item : list) {
                flatten(item, depth + 1, shape, flat);
            }
        } else {
            flat.add(data);
        }
    }
}
