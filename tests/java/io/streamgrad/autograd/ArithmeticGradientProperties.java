package io.streamgrad.autograd;

import io.streamgrad.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;

/** add, sub, mul, div (tensor and scalar operands, with broadcasting), rsub, rdiv and neg. */
@PropertyDefaults(tries = 100)
class ArithmeticGradientProperties {

    @Property
    void addBroadcastsBothGradients(@ForAll(supplier = Shapes.BroadcastPair.class) int[][] shapes,
                                    @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("add", x -> x[0].add(x[1])).check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @Property
    void addWithAlphaScalesTheSecondGradient(@ForAll(supplier = Shapes.BroadcastPair.class) int[][] shapes,
                                             @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("add(alpha=-2.5)", x -> x[0].add(x[1], -2.5))
                .check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @Property
    void subBroadcastsBothGradients(@ForAll(supplier = Shapes.BroadcastPair.class) int[][] shapes,
                                    @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("sub", x -> x[0].sub(x[1])).check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @Property
    void mulBroadcastsBothGradients(@ForAll(supplier = Shapes.BroadcastPair.class) int[][] shapes,
                                    @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("mul", x -> x[0].mul(x[1])).check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @Property
    void divBroadcastsBothGradients(@ForAll(supplier = Shapes.BroadcastPair.class) int[][] shapes,
                                    @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("div", x -> x[0].div(x[1]))
                .check(r.normal(shapes[0]), r.awayFromZero(shapes[1]));
    }

    @Property
    void tensorWithItselfSumsBothPaths(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("x*x + x/x - x", x -> x[0].mul(x[0]).add(x[0].div(x[0])).sub(x[0]))
                .check(r.awayFromZero(shape));
    }

    @Property
    void scalarOperandsScaleOrPassTheGradient(@ForAll(supplier = Shapes.AnyRank.class) int[] shape,
                                              @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("x + 1.5", x -> x[0].add(1.5)).check(r.normal(shape));
        GradCheck.of("x + 2 (int)", x -> x[0].add(2L)).check(r.normal(shape));
        GradCheck.of("x - 0.5", x -> x[0].sub(0.5)).check(r.normal(shape));
        GradCheck.of("x * -3.0", x -> x[0].mul(-3.0)).check(r.normal(shape));
        GradCheck.of("x * 4 (int)", x -> x[0].mul(4L)).check(r.normal(shape));
        GradCheck.of("x / 0.75", x -> x[0].div(0.75)).check(r.normal(shape));
        GradCheck.of("x / 3 (int)", x -> x[0].div(3L)).check(r.normal(shape));
    }

    @Property
    void zeroDimTensorOperandBroadcasts(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("x * s (0-dim s)", x -> x[0].mul(x[1])).check(r.normal(shape), r.normal());
        GradCheck.of("s / x (0-dim s)", x -> x[1].div(x[0])).check(r.awayFromZero(shape), r.normal());
    }

    @Property
    void rsubNegatesTheGradient(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("rsub(x, 2.5)", x -> x[0].rsub(2.5)).check(r.normal(shape));
        GradCheck.of("rsub(x, 3 (int))", x -> x[0].rsub(3L)).check(r.normal(shape));
    }

    @Property
    void rdivIsMinusScalarOverSquare(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("rdiv(x, 1.5)", x -> x[0].rdiv(1.5)).check(r.awayFromZero(shape));
        GradCheck.of("rdiv(x, 2 (int))", x -> x[0].rdiv(2L)).check(r.awayFromZero(shape));
    }

    @Property
    void negNegatesTheGradient(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("neg", x -> x[0].neg()).check(r.normal(shape));
    }

    @Property
    void reciprocalIsMinusOneOverSquare(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("reciprocal", x -> x[0].reciprocal()).check(r.awayFromZero(shape));
    }
}
