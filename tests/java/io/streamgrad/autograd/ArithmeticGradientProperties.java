package io.streamgrad.autograd;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.streamgrad.tensor.Tensor;
import io.streamgrad.testing.Cases;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/** add, sub, mul, div (tensor and scalar operands, with broadcasting), rsub, rdiv and neg. */
class ArithmeticGradientProperties {

    @ParameterizedTest(name = "[{index}] shapes {0}, seed {1}")
    @MethodSource("broadcastPair")
    void addBroadcastsBothGradients(int[][] shapes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("add", x -> x[0].add(x[1])).check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @ParameterizedTest(name = "[{index}] shapes {0}, seed {1}")
    @MethodSource("broadcastPair")
    void addWithAlphaScalesTheSecondGradient(int[][] shapes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("add(alpha=-2.5)", x -> x[0].add(x[1], -2.5))
                .check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @ParameterizedTest(name = "[{index}] shapes {0}, seed {1}")
    @MethodSource("broadcastPair")
    void subBroadcastsBothGradients(int[][] shapes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("sub", x -> x[0].sub(x[1])).check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @ParameterizedTest(name = "[{index}] shapes {0}, seed {1}")
    @MethodSource("broadcastPair")
    void mulBroadcastsBothGradients(int[][] shapes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("mul", x -> x[0].mul(x[1])).check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @ParameterizedTest(name = "[{index}] shapes {0}, seed {1}")
    @MethodSource("broadcastPair")
    void divBroadcastsBothGradients(int[][] shapes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("div", x -> x[0].div(x[1]))
                .check(r.normal(shapes[0]), r.awayFromZero(shapes[1]));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void tensorWithItselfSumsBothPaths(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("x*x + x/x - x", x -> x[0].mul(x[0]).add(x[0].div(x[0])).sub(x[0]))
                .check(r.awayFromZero(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void scalarOperandsScaleOrPassTheGradient(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("x + 1.5", x -> x[0].add(1.5)).check(r.normal(shape));
        GradCheck.of("x + 2 (int)", x -> x[0].add(2L)).check(r.normal(shape));
        GradCheck.of("x - 0.5", x -> x[0].sub(0.5)).check(r.normal(shape));
        GradCheck.of("x * -3.0", x -> x[0].mul(-3.0)).check(r.normal(shape));
        GradCheck.of("x * 4 (int)", x -> x[0].mul(4L)).check(r.normal(shape));
        GradCheck.of("x / 0.75", x -> x[0].div(0.75)).check(r.normal(shape));
        GradCheck.of("x / 3 (int)", x -> x[0].div(3L)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void zeroDimTensorOperandBroadcasts(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("x * s (0-dim s)", x -> x[0].mul(x[1])).check(r.normal(shape), r.normal());
        GradCheck.of("s / x (0-dim s)", x -> x[1].div(x[0])).check(r.awayFromZero(shape), r.normal());
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void rsubNegatesTheGradient(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("rsub(x, 2.5)", x -> x[0].rsub(2.5)).check(r.normal(shape));
        GradCheck.of("rsub(x, 3 (int))", x -> x[0].rsub(3L)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void rdivIsMinusScalarOverSquare(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("rdiv(x, 1.5)", x -> x[0].rdiv(1.5)).check(r.awayFromZero(shape));
        GradCheck.of("rdiv(x, 2 (int))", x -> x[0].rdiv(2L)).check(r.awayFromZero(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void negNegatesTheGradient(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("neg", x -> x[0].neg()).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void reciprocalIsMinusOneOverSquare(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("reciprocal", x -> x[0].reciprocal()).check(r.awayFromZero(shape));
    }

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> broadcastPair(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.broadcastPair(random), random.nextLong()));
    }

    static Stream<Arguments> anyRank(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextLong()));
    }
}
