package io.streamgrad.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.backend.BinaryOp;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Reduction;
import io.streamgrad.tensor.Tensor;
import io.streamgrad.tensor.TensorException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs single-op cases: builds the arguments, calls the op by its PyTorch name, then checks the output,
 * its {@code grad_fn} name, and the gradients of {@code sum(out * grad_out)} with respect to each argument.
 */
final class OpCases {
    private static final Map<String, Function<OpArguments, Tensor>> OPS = Map.ofEntries(
            Map.entry("add", a -> arithmetic(a, "add")),
            Map.entry("sub", a -> arithmetic(a, "sub")),
            Map.entry("mul", a -> arithmetic(a, "mul")),
            Map.entry("div", a -> arithmetic(a, "div")),
            Map.entry("rsub", a -> arithmetic(a, "rsub")),
            Map.entry("rdiv", a -> arithmetic(a, "rdiv")),
            Map.entry("neg", a -> a.tensor(0).neg()),
            Map.entry("exp", a -> a.tensor(0).exp()),
            Map.entry("log", a -> a.tensor(0).log()),
            Map.entry("sqrt", a -> a.tensor(0).sqrt()),
            Map.entry("abs", a -> a.tensor(0).abs()),
            Map.entry("relu", a -> a.tensor(0).relu()),
            Map.entry("sigmoid", a -> a.tensor(0).sigmoid()),
            Map.entry("tanh", a -> a.tensor(0).tanh()),
            Map.entry("pow", OpCases::pow),
            Map.entry("clamp", OpCases::clamp),
            Map.entry("sum", a -> reduce(a, "sum")),
            Map.entry("mean", a -> reduce(a, "mean")),
            Map.entry("amax", a -> reduce(a, "amax")),
            Map.entry("amin", a -> reduce(a, "amin")),
            Map.entry("softmax", a -> a.tensor(0).softmax(a.intKw("dim", -1))),
            Map.entry("log_softmax", a -> a.tensor(0).logSoftmax(a.intKw("dim", -1))),
            Map.entry("matmul", a -> a.tensor(0).matmul(a.tensor(1))),
            Map.entry("mm", a -> a.tensor(0).mm(a.tensor(1))),
            Map.entry("t", a -> a.tensor(0).t()),
            Map.entry("transpose", a -> a.tensor(0).transpose(a.intKw("dim0", 0), a.intKw("dim1", 1))),
            Map.entry("reshape", a -> a.tensor(0).reshape(a.intsKw("shape"))),
            Map.entry("view", a -> a.tensor(0).view(a.intsKw("shape"))),
            Map.entry("unsqueeze", a -> a.tensor(0).unsqueeze(a.intKw("dim", 0))),
            Map.entry("squeeze", OpCases::squeeze),
            Map.entry("expand", a -> a.tensor(0).expand(a.intsKw("size"))),
            Map.entry("flatten", a -> a.tensor(0).flatten(a.intKw("start_dim", 0), a.intKw("end_dim", -1))),
            Map.entry("cat", a -> Tensor.cat(a.tensors(), a.intKw("dim", 0))),
            Map.entry("stack", a -> Tensor.stack(a.tensors(), a.intKw("dim", 0))),
            Map.entry("mse_loss", a -> Functional.mseLoss(a.tensor(0), a.tensor(1),
                    Reduction.parse(a.stringKw("reduction", "mean")))),
            Map.entry("linear", a -> Functional.linear(a.tensor(0), a.tensor(1), a.optionalTensor(2))),
            Map.entry("sq_err_sum", a -> a.tensor(0).sub(a.tensor(1)).pow(2L).sum()),
            Map.entry("gt", a -> compare(a, BinaryOp.GT)),
            Map.entry("lt", a -> compare(a, BinaryOp.LT)),
            Map.entry("ge", a -> compare(a, BinaryOp.GE)),
            Map.entry("le", a -> compare(a, BinaryOp.LE)),
            Map.entry("eq", a -> compare(a, BinaryOp.EQ)),
            Map.entry("ne", a -> compare(a, BinaryOp.NE)),
            Map.entry("where", a -> Tensor.where(a.tensor(0), operand(a, 1), operand(a, 2))));

    private OpCases() {
    }

    static void runAll(JsonNode cases, Device device, GoldenReport report) {
        for (JsonNode c : cases) {
            if (c.has("skipped")) {
                continue;
            }
            String item = "case " + c.path("name").asText();
            List<String> problems;
            try {
                problems = run(c, device);
            } catch (RuntimeException e) {
                problems = List.of("raised " + e);
            }
            report.add(item, problems);
        }
    }

    static List<String> run(JsonNode c, Device device) {
        String op = c.get("op").asText();
        Function<OpArguments, Tensor> fn = OPS.get(op);
        if (fn == null) {
            return List.of("unknown op '" + op + "'");
        }
        boolean transposed = c.path("name").asText().contains("after_t");
        OpArguments args = new OpArguments(op, c.get("args"), c.get("kwargs"), device, transposed);
        Tensor out = fn.apply(args);
        List<String> problems = new ArrayList<>(TensorSpec.compare("out", c.get("out"), out));
        String wantFn = c.path("grad_fn").isNull() || !c.has("grad_fn") ? null : c.get("grad_fn").asText();
        String gotFn = out.gradFn() == null ? null : out.gradFn().name();
        if (!java.util.Objects.equals(wantFn, gotFn)) {
            problems.add("grad_fn " + gotFn + ", want " + wantFn);
        }
        if (c.has("grad_out") && !c.get("grad_out").isNull() && out.requiresGrad()) {
            out.backward(TensorSpec.toTensor(c.get("grad_out"), device));
            checkGrads(c.get("grads"), args, problems);
        }
        return problems;
    }

    private static void checkGrads(JsonNode grads, OpArguments args, List<String> problems) {
        if (grads == null || grads.isNull()) {
            return;
        }
        for (int i = 0; i < grads.size(); i++) {
            JsonNode want = grads.get(i);
            Tensor arg = args.isTensor(i) ? args.tensor(i) : null;
            Tensor got = arg == null ? null : arg.grad();
            if (want == null || want.isNull()) {
                if (got != null) {
                    problems.add("grads[" + i + "] should be None, got a gradient");
                }
                continue;
            }
            problems.addAll(TensorSpec.compare("grads[" + i + "]", want, got));
        }
    }

    /** Argument {@code i} as a tensor, wrapping a Python scalar as a 0-dim tensor of its kind. */
    private static Tensor operand(OpArguments a, int i) {
        if (a.isTensor(i)) {
            return a.tensor(i);
        }
        OpArguments.Scalar s = a.scalar(i);
        return s.integral() ? Tensor.scalar((long) s.value()) : Tensor.scalar(s.value(), io.streamgrad.tensor.DType.FLOAT32);
    }

    private static Tensor arithmetic(OpArguments a, String op) {
        if (!a.isTensor(0)) {
            // A Python number on the left: s + t, s * t are commutative; s - t and s / t are rsub, rdiv.
            OpArguments.Scalar s = a.scalar(0);
            Tensor t = a.tensor(1);
            return switch (op) {
                case "add" -> s.integral() ? t.add((long) s.value()) : t.add(s.value());
                case "mul" -> s.integral() ? t.mul((long) s.value()) : t.mul(s.value());
                case "sub" -> s.integral() ? t.rsub((long) s.value()) : t.rsub(s.value());
                case "div" -> s.integral() ? t.rdiv((long) s.value()) : t.rdiv(s.value());
                default -> throw new TensorException(op + " with a scalar first argument is not defined");
            };
        }
        Tensor x = a.tensor(0);
        double alpha = a.doubleKw("alpha", 1.0);
        if (a.isTensor(1)) {
            Tensor y = a.tensor(1);
            return switch (op) {
                // torch.add/sub(x, y, alpha=a) is x ± a·y under AddBackward0/SubBackward0; an int alpha keeps int64
                case "add" -> alpha == 1.0 ? x.add(y) : x.add(scaled(a, y));
                case "sub" -> alpha == 1.0 ? x.sub(y) : x.sub(scaled(a, y));
                case "mul" -> x.mul(y);
                case "div" -> x.div(y);
                case "rsub" -> y.sub(x);
                case "rdiv" -> y.div(x);
                default -> throw new IllegalStateException(op);
            };
        }
        OpArguments.Scalar s = a.scalar(1);
        long l = (long) s.value();
        double d = s.value();
        return switch (op) {
            case "add" -> s.integral() ? x.add(l) : x.add(d);
            case "sub" -> s.integral() ? x.sub(l) : x.sub(d);
            case "mul" -> s.integral() ? x.mul(l) : x.mul(d);
            case "div" -> s.integral() ? x.div(l) : x.div(d);
            case "rsub" -> s.integral() ? x.rsub(l) : x.rsub(d);
            case "rdiv" -> s.integral() ? x.rdiv(l) : x.rdiv(d);
            default -> throw new IllegalStateException(op);
        };
    }

    /** {@code squeeze()}, {@code squeeze(dim)}, or {@code squeeze(dim=[..])} (squeeze.dims, SqueezeBackward2). */
    private static Tensor squeeze(OpArguments a) {
        Tensor x = a.tensor(0);
        if (!a.has("dim")) {
            return x.squeeze();
        }
        return a.isListKw("dim") ? x.squeeze(a.intsKw("dim")) : x.squeeze(a.intKw("dim", 0));
    }

    /** {@code alpha * y} for the {@code alpha} keyword: a Python int keeps an integer tensor's dtype. */
    private static Tensor scaled(OpArguments a, Tensor y) {
        return a.absentOrIntegralKw("alpha") ? y.mul(a.longKw("alpha", 1)) : y.mul(a.doubleKw("alpha", 1.0));
    }

    /** {@code t ** s}, {@code t ** u} (PowBackward1) or {@code s ** t} (PowBackward2). */
    private static Tensor pow(OpArguments a) {
        if (!a.isTensor(0)) {
            OpArguments.Scalar base = a.scalar(0);
            return base.integral() ? Tensor.pow((long) base.value(), a.tensor(1)) : Tensor.pow(base.value(), a.tensor(1));
        }
        if (a.isTensor(1)) {
            return a.tensor(0).pow(a.tensor(1));
        }
        OpArguments.Scalar e = a.scalar(1);
        return e.integral() ? a.tensor(0).pow((long) e.value()) : a.tensor(0).pow(e.value());
    }

    /**
     * {@code torch.clamp(x, min=, max=)}: Python int bounds keep an integer tensor's dtype, a float bound promotes it.
     * A missing bound is no bound: NaN for the float overload, the int64 range's end for the int one.
     */
    private static Tensor clamp(OpArguments a) {
        Tensor x = a.tensor(0);
        if (!x.dtype().isFloatingPoint() && a.absentOrIntegralKw("min") && a.absentOrIntegralKw("max")) {
            return x.clamp(a.longKw("min", Long.MIN_VALUE), a.longKw("max", Long.MAX_VALUE));
        }
        return x.clamp(a.doubleKw("min", Double.NaN), a.doubleKw("max", Double.NaN));
    }

    private static Tensor reduce(OpArguments a, String op) {
        Tensor x = a.tensor(0);
        int[] dims = a.intsKw("dim");
        boolean keepdim = a.boolKw("keepdim", false);
        if (dims == null) {
            return switch (op) {
                case "sum" -> x.sum();
                case "mean" -> x.mean();
                case "amax" -> keepdim ? x.amax(allDims(x), true) : x.amax();
                default -> keepdim ? x.amin(allDims(x), true) : x.amin();
            };
        }
        return switch (op) {
            case "sum" -> x.sum(dims, keepdim);
            case "mean" -> x.mean(dims, keepdim);
            case "amax" -> x.amax(dims, keepdim);
            default -> x.amin(dims, keepdim);
        };
    }

    /** The comparison with its operands exchanged: {@code a < b} is {@code b > a}. */
    private static BinaryOp mirrored(BinaryOp op) {
        return switch (op) {
            case GT -> BinaryOp.LT;
            case LT -> BinaryOp.GT;
            case GE -> BinaryOp.LE;
            case LE -> BinaryOp.GE;
            default -> op;
        };
    }

    private static int[] allDims(Tensor x) {
        return java.util.stream.IntStream.range(0, x.dim()).toArray();
    }

    private static Tensor compare(OpArguments a, BinaryOp op) {
        if (!a.isTensor(0) && a.isTensor(1)) {
            // A Python number on the left, as in `2 < t`: Python evaluates it as the mirrored comparison `t > 2`.
            return compare(a.swapped(), mirrored(op));
        }
        Tensor x = a.tensor(0);
        Tensor y = operand(a, 1);
        if (!a.isTensor(1)) {
            OpArguments.Scalar s = a.scalar(1);
            y = s.integral() ? Tensor.scalar((long) s.value()) : Tensor.scalar(s.value(), x.dtype().isFloatingPoint()
                    ? x.dtype() : io.streamgrad.tensor.DType.FLOAT32);
        }
        return switch (op) {
            case GT -> x.gt(y);
            case LT -> x.lt(y);
            case GE -> x.ge(y);
            case LE -> x.le(y);
            case EQ -> x.eq(y);
            default -> x.ne(y);
        };
    }
}
