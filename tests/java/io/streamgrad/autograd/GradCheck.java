package io.streamgrad.autograd;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The one gradient check every backward rule is proven with, as {@code torch.autograd.gradcheck}.
 *
 * <p>For a function {@code f} of some floating-point tensors and a random upstream gradient {@code G} of
 * {@code f}'s output shape, it compares
 * <ul>
 *   <li>the analytic gradients: {@code f} applied to fresh leaves that require grad, then
 *       {@code out.backward(G)}, read from each leaf's {@code grad()};</li>
 *   <li>the numeric gradients: central differences {@code (L(x + eps) - L(x - eps)) / 2eps} of
 *       {@code L = sum(f(x) * G)}, perturbing one element at a time in a fresh copy of the inputs and
 *       evaluating {@code f} under {@link Autograd#noGrad()}; the difference is taken per output element
 *       before the weighting with G, which keeps it exact where the perturbation changes nothing.</li>
 * </ul>
 * An element passes when {@code |analytic - numeric| <= atol + rtol * |numeric|}. Each gradient must also
 * have its input's shape and dtype, as PyTorch guarantees.
 *
 * <p>{@link #checkFloat32AgainstFloat64} runs the same function in float32 and compares its gradients with
 * the float64 ones, which covers the float32 kernels that finite differences cannot resolve.
 *
 * <pre>{@code
 * GradCheck.of("mul", in -> in[0].mul(in[1])).check(a, b);
 * }</pre>
 *
 * Inputs the function must not differentiate (int64 indices, bool masks) are captured by the lambda
 * instead of being passed in. The given input tensors are only read.
 */
public final class GradCheck {
    /** A function of the differentiable inputs, in the order they are given to {@link #check}. */
    @FunctionalInterface
    public interface Function {
        Tensor apply(Tensor[] inputs);
    }

    public static final double EPS = 1e-6;
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-4;
    /** Tolerances of {@link #checkFloat32AgainstFloat64}. */
    public static final double FLOAT32_ATOL = 1e-4;
    public static final double FLOAT32_RTOL = 1e-3;
    private static final int MISMATCHES_SHOWN = 5;

    private final String op;
    private final Function function;
    private double eps = EPS;
    private double atol = ATOL;
    private double rtol = RTOL;
    private long upstreamSeed = 20240521L;

    private GradCheck(String op, Function function) {
        this.op = op;
        this.function = function;
    }

    /** A check of {@code function}, named {@code op} in failure messages (put the op's arguments there too). */
    public static GradCheck of(String op, Function function) {
        return new GradCheck(op, function);
    }

    /** Replaces the float64 tolerances (for chains that pass through float32). */
    public GradCheck tolerances(double absolute, double relative) {
        this.atol = absolute;
        this.rtol = relative;
        return this;
    }

    /** Replaces the finite-difference step. */
    public GradCheck eps(double step) {
        this.eps = step;
        return this;
    }

    /** Seeds the random upstream gradient G. */
    public GradCheck upstreamSeed(long seed) {
        this.upstreamSeed = seed;
        return this;
    }

    /** Runs the check at {@code inputs}; throws an {@link AssertionError} describing every mismatch. */
    public void check(Tensor... inputs) {
        Input[] in = Arrays.stream(inputs).map(Input::of).toArray(Input[]::new);
        Analytic analytic = analytic(in, false);
        verify("gradient check", in, analytic, "numeric",
                (i, k) -> numericDerivative(in, i, k, analytic.upstream()), atol, rtol, ", eps " + eps);
    }

    /**
     * Checks the float32 backward against the float64 one at the same point (the inputs rounded to float32),
     * within float32's precision: finite differences are too coarse in float32, so the float64 gradients that
     * {@link #check} proves stand in for the truth.
     */
    public void checkFloat32AgainstFloat64(Tensor... inputs) {
        Input[] in32 = Arrays.stream(inputs).map(t -> Input.of(t).as(DType.FLOAT32)).toArray(Input[]::new);
        Input[] in64 = Arrays.stream(in32).map(x -> x.as(DType.FLOAT64)).toArray(Input[]::new);
        Analytic reference = analytic(in64, true);
        Analytic float32 = analytic(in32, true);
        verify("float32 gradient check", in32, float32, "float64", (i, k) -> reference.grad(i, k),
                FLOAT32_ATOL, FLOAT32_RTOL, "");
    }

    /** A random upstream gradient of n elements, the same for the same seed; float32-rounded when asked. */
    private double[] upstream(int n, boolean float32) {
        Random random = new Random(upstreamSeed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = float32 ? (float) random.nextGaussian() : random.nextGaussian();
        }
        return values;
    }

    /** The output shape, G, and the gradient of each input (null where backward left none) from out.backward(G). */
    private record Analytic(int[] outShape, double[] upstream, double[][] grads) {
        double grad(int input, int element) {
            return grads[input] == null ? 0.0 : grads[input][element];
        }
    }

    private Analytic analytic(Input[] in, boolean float32Upstream) {
        Tensor[] leaves = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            leaves[i] = in[i].fresh(-1, 0).requiresGrad_();
        }
        Tensor out = function.apply(leaves);
        int[] outShape = out.shape().toArray();
        if (!out.dtype().isFloatingPoint()) {
            throw new AssertionError(describe(in, outShape) + ": output dtype " + out.dtype()
                    + " is not floating point");
        }
        double[] upstream = upstream(Math.toIntExact(out.numel()), float32Upstream);
        out.backward(Tensor.fromData(upstream, out.dtype(), outShape));

        List<String> problems = new ArrayList<>();
        double[][] grads = new double[in.length][];
        for (int i = 0; i < in.length; i++) {
            Tensor grad = leaves[i].grad();
            if (grad == null) {
                continue;
            }
            if (!grad.shape().equals(leaves[i].shape())) {
                problems.add("input " + i + ": grad has shape " + grad.shape() + ", expected " + leaves[i].shape());
                continue;
            }
            if (grad.dtype() != leaves[i].dtype()) {
                problems.add("input " + i + ": grad has dtype " + grad.dtype() + ", expected " + leaves[i].dtype());
            }
            grads[i] = grad.toDoubleArray();
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("gradient check failed for " + describe(in, outShape) + ":\n  "
                    + String.join("\n  ", problems));
        }
        return new Analytic(outShape, upstream, grads);
    }

    /** The gradient that element {@code element} of input {@code input} should have. */
    @FunctionalInterface
    private interface Expected {
        double at(int input, int element);
    }

    private void verify(String check, Input[] in, Analytic analytic, String expectedName, Expected expected,
                        double absolute, double relative, String settings) {
        List<String> problems = new ArrayList<>();
        int mismatches = 0;
        for (int i = 0; i < in.length; i++) {
            for (int k = 0; k < in[i].values.length; k++) {
                double want = expected.at(i, k);
                double got = analytic.grad(i, k);
                if (!(Math.abs(got - want) <= absolute + relative * Math.abs(want))) {
                    mismatches++;
                    if (mismatches <= MISMATCHES_SHOWN) {
                        problems.add("input " + i + " (shape " + Arrays.toString(in[i].shape) + ") element " + k
                                + " at index " + Arrays.toString(unravel(k, in[i].shape)) + ": analytic "
                                + (analytic.grads[i] == null ? "<no grad, read as 0>" : got) + " vs " + expectedName
                                + " " + want);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            String more = mismatches > MISMATCHES_SHOWN
                    ? "\n  ... " + (mismatches - MISMATCHES_SHOWN) + " more mismatching elements" : "";
            throw new AssertionError(check + " failed for " + describe(in, analytic.outShape) + " (atol " + absolute
                    + ", rtol " + relative + settings + "):\n  " + String.join("\n  ", problems) + more);
        }
    }

    /**
     * d sum(f(x) * G) / d x_i[k] by central differences, taken element by element before weighting with G so
     * that large outputs the perturbation does not touch add no rounding noise.
     */
    private double numericDerivative(Input[] in, int i, int k, double[] upstream) {
        double original = in[i].values[k];
        double plus = in[i].representable(original + eps);
        double minus = in[i].representable(original - eps);
        double[] outPlus = evaluate(in, i, k, plus);
        double[] outMinus = evaluate(in, i, k, minus);
        double sum = 0;
        for (int j = 0; j < upstream.length; j++) {
            sum += (outPlus[j] - outMinus[j]) * upstream[j];
        }
        return sum / (plus - minus);
    }

    /** f at fresh copies of the inputs, element {@code element} of input {@code perturbed} set to {@code value}. */
    private double[] evaluate(Input[] in, int perturbed, int element, double value) {
        Tensor[] copies = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            copies[i] = i == perturbed ? in[i].fresh(element, value) : in[i].fresh(-1, 0);
        }
        try (GradScope _ = Autograd.noGrad()) {
            return function.apply(copies).toDoubleArray();
        }
    }

    private String describe(Input[] in, int[] outShape) {
        return op + " with input shapes "
                + Arrays.stream(in).map(x -> x.dtype.pythonName() + Arrays.toString(x.shape))
                        .collect(Collectors.joining(", ", "[", "]"))
                + " -> output shape " + Arrays.toString(outShape);
    }

    static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        int rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = rest % shape[d];
            rest /= shape[d];
        }
        return index;
    }

    /** An input's values, from which fresh (optionally perturbed) copies are made. */
    private record Input(double[] values, int[] shape, DType dtype) {
        static Input of(Tensor t) {
            if (!t.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("GradCheck inputs must be floating point, got " + t.dtype()
                        + "; capture non-differentiable arguments in the function instead");
            }
            return new Input(t.toDoubleArray(), t.shape().toArray(), t.dtype());
        }

        Tensor fresh(int element, double value) {
            double[] copy = values.clone();
            if (element >= 0) {
                copy[element] = value;
            }
            return Tensor.fromData(copy, dtype, shape);
        }

        /** The same values held as {@code type} (rounded when that is float32). */
        Input as(DType type) {
            double[] held = values.clone();
            if (type == DType.FLOAT32) {
                for (int i = 0; i < held.length; i++) {
                    held[i] = (float) held[i];
                }
            }
            return new Input(held, shape, type);
        }

        /** {@code value} as this input's dtype holds it, so the step divides by the real perturbation. */
        double representable(double value) {
            return dtype == DType.FLOAT32 ? (float) value : value;
        }
    }
}
