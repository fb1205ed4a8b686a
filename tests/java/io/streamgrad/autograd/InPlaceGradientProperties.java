package io.streamgrad.autograd;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;
import io.streamgrad.testing.Cases;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * In-place ops applied to intermediate (non-leaf) tensors inside a graph, as {@code y = x * 2; y.mul_(z)}:
 * the op becomes y's grad_fn and the gradient still reaches x and z.
 */
class InPlaceGradientProperties {

    /** The operand shapes: {@code self} gets the broadcast shape, {@code other} broadcasts to it. */
    private record Operands(int[] self, int[] other) {
        static Operands of(int[][] pair) {
            return new Operands(Shapes.broadcast(pair[0], pair[1]), pair[1]);
        }
    }

    @ParameterizedTest(name = "[{index}] pair {0}, seed {1}")
    @MethodSource("broadcastPair")
    void addInPlaceOnAnIntermediate(int[][] pair, long seed) {
        RandomTensors r = new RandomTensors(seed);
        Operands s = Operands.of(pair);
        GradCheck.of("y = x.mul(2); y.add_(z)", x -> x[0].mul(2.0).add_(x[1]))
                .check(r.normal(s.self), r.normal(s.other));
        GradCheck.of("y = x.mul(2); y.add_(z, alpha=-1.5)", x -> x[0].mul(2.0).add_(x[1], -1.5))
                .check(r.normal(s.self), r.normal(s.other));
    }

    @ParameterizedTest(name = "[{index}] pair {0}, seed {1}")
    @MethodSource("broadcastPair")
    void subInPlaceOnAnIntermediate(int[][] pair, long seed) {
        RandomTensors r = new RandomTensors(seed);
        Operands s = Operands.of(pair);
        GradCheck.of("y = x.mul(2); y.sub_(z)", x -> x[0].mul(2.0).sub_(x[1]))
                .check(r.normal(s.self), r.normal(s.other));
    }

    @ParameterizedTest(name = "[{index}] pair {0}, seed {1}")
    @MethodSource("broadcastPair")
    void mulInPlaceOnAnIntermediate(int[][] pair, long seed) {
        RandomTensors r = new RandomTensors(seed);
        Operands s = Operands.of(pair);
        GradCheck.of("y = x.mul(2); y.mul_(z)", x -> x[0].mul(2.0).mul_(x[1]))
                .check(r.normal(s.self), r.normal(s.other));
    }

    @ParameterizedTest(name = "[{index}] pair {0}, seed {1}")
    @MethodSource("broadcastPair")
    void divInPlaceOnAnIntermediate(int[][] pair, long seed) {
        RandomTensors r = new RandomTensors(seed);
        Operands s = Operands.of(pair);
        GradCheck.of("y = x.mul(2); y.div_(z)", x -> x[0].mul(2.0).div_(x[1]))
                .check(r.normal(s.self), r.awayFromZero(s.other));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void scalarInPlaceOpsOnAnIntermediate(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("y = x.mul(2); y.add_(1.5).sub_(2).mul_(-0.5).div_(4)",
                x -> x[0].mul(2.0).add_(1.5).sub_(2L).mul_(-0.5).div_(4L)).check(r.normal(shape));
        GradCheck.of("y = x.add(0); y.mul_(3); y.exp()",
                x -> x[0].add(0.0).mul_(3L).exp()).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void inPlaceByTheInputItself(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("y = x.mul(2); y.mul_(x)", x -> x[0].mul(2.0).mul_(x[0])).check(r.normal(shape));
        GradCheck.of("y = x.mul(2); y.div_(x)", x -> x[0].mul(2.0).div_(x[0])).check(r.awayFromZero(shape));
        GradCheck.of("y = x.mul(2); y.add_(x.mul(x))", x -> x[0].mul(2.0).add_(x[0].mul(x[0])))
                .check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void clampInPlaceOnAnIntermediate(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("y = x.mul(2); y.clamp_(-1, 1)", x -> x[0].mul(2.0).clamp_(-1, 1))
                .check(r.awayFrom(0.05, new double[] {-0.5, 0.5}, shape));
        GradCheck.of("y = x.mul(2); y.clamp_(NaN, 1)", x -> x[0].mul(2.0).clamp_(Double.NaN, 1))
                .check(r.awayFrom(0.05, new double[] {0.5}, shape));
    }

    @ParameterizedTest(name = "[{index}] sizes {0}, seed {1}")
    @MethodSource("anyRank")
    void transposeInPlaceOnAnIntermediate(int[] sizes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] shape = java.util.Arrays.copyOf(sizes, Math.min(sizes.length, 2));
        int[] transposed = shape.length == 2 ? new int[] {shape[1], shape[0]} : shape;
        GradCheck.of("y = x.mul(2); y.t_(); y.mul(w)", x -> x[0].mul(2.0).t_().mul(x[1]))
                .check(r.normal(shape), r.normal(transposed));
    }

    @ParameterizedTest(name = "[{index}] pair {0}, seed {1}")
    @MethodSource("broadcastPair")
    void inPlaceIntoATensorThatDoesNotRequireGrad(int[][] pair, long seed) {
        RandomTensors r = new RandomTensors(seed);
        Operands s = Operands.of(pair);
        GradCheck.of("y = zeros; y.add_(z.mul(z)); y.mul_(z)",
                x -> Tensor.zeros(DType.FLOAT64, s.self).add_(x[0].mul(x[0])).mul_(x[0]))
                .check(r.normal(s.other));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void inPlaceOpsChainedWithOutOfPlaceOps(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("y = x.add(w); y.mul_(w); z = y.tanh().mul(3); z.sub_(x); z.sum()",
                x -> {
                    Tensor y = x[0].add(x[1]);
                    y.mul_(x[1]);
                    Tensor z = y.tanh().mul(3.0);
                    z.sub_(x[0]);
                    return z.sum();
                }).check(r.normal(shape), r.normal(shape));
    }

    /** An op that read y before {@code y.mul_(w)} keeps the old value and its old gradient path. */
    @ParameterizedTest(name = "[{index}] pair {0}, seed {1}")
    @MethodSource("broadcastPair")
    void aResultComputedBeforeAnInPlaceOpKeepsTheOldValue(int[][] pair, long seed) {
        RandomTensors r = new RandomTensors(seed);
        Operands s = Operands.of(pair);
        GradCheck.of("y = x.mul(2); z = y.exp(); y.mul_(w); z.add(y)",
                x -> {
                    Tensor y = x[0].mul(2.0);
                    Tensor z = y.exp();
                    y.mul_(x[1]);
                    return z.add(y);
                }).check(r.normal(s.self), r.normal(s.other));
    }

    /**
     * A view taken before an in-place op on its base shares the base's storage, so it sees the new values;
     * PyTorch then differentiates it through the in-place op too (it regenerates the view's grad_fn).
     */
    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("atLeast1D")
    void aViewTakenBeforeAnInPlaceOpOnItsBaseSeesTheNewValues(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("y = x.mul(1); v = y.get(0); y.mul_(w); v",
                x -> {
                    Tensor y = x[0].mul(1.0);
                    Tensor v = y.get(0);
                    y.mul_(x[1]);
                    return v;
                }).check(r.normal(shape), r.normal(shape));
    }

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> broadcastPair(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.broadcastPair(random), random.nextLong()));
    }

    static Stream<Arguments> anyRank(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextLong()));
    }

    static Stream<Arguments> atLeast1D(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.atLeast1D(random), random.nextLong()));
    }
}
