package io.streamgrad.autograd;

import static io.streamgrad.autograd.Shapes.concat;

import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Reduction;
import io.streamgrad.tensor.Tensor;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.constraints.IntRange;

/**
 * The float32 backward of each op family agrees with the float64 one (proven by finite differences in the
 * other properties) within float32's precision: the float32 kernels are separate code.
 */
@PropertyDefaults(tries = 100)
class Float32GradientProperties {

    /** Draws an input of a shape from an op's smooth domain. */
    @FunctionalInterface
    private interface Domain {
        Tensor sample(RandomTensors random, int[] shape);
    }

    private record Case(String name, GradCheck.Function function, Domain domain) {
    }

    private static final List<Case> UNARY = List.of(
            new Case("neg", x -> x[0].neg(), RandomTensors::normal),
            new Case("exp", x -> x[0].exp(), RandomTensors::normal),
            new Case("log", x -> x[0].log(), RandomTensors::positive),
            new Case("sqrt", x -> x[0].sqrt(), RandomTensors::positive),
            new Case("abs", x -> x[0].abs(), RandomTensors::awayFromZero),
            new Case("relu", x -> x[0].relu(), RandomTensors::awayFromZero),
            new Case("sigmoid", x -> x[0].sigmoid(), RandomTensors::normal),
            new Case("tanh", x -> x[0].tanh(), RandomTensors::normal),
            new Case("reciprocal", x -> x[0].reciprocal(), RandomTensors::awayFromZero),
            new Case("pow(3)", x -> x[0].pow(3L), RandomTensors::normal),
            new Case("pow(-1.5)", x -> x[0].pow(-1.5), RandomTensors::positive),
            new Case("clamp(-0.5, 0.5)", x -> x[0].clamp(-0.5, 0.5),
                    (r, shape) -> r.awayFrom(0.05, new double[] {-0.5, 0.5}, shape)),
            new Case("rsub(2.5)", x -> x[0].rsub(2.5), RandomTensors::normal),
            new Case("rdiv(1.5)", x -> x[0].rdiv(1.5), RandomTensors::awayFromZero),
            new Case("sum()", x -> x[0].sum(), RandomTensors::normal),
            new Case("mean()", x -> x[0].mean(), RandomTensors::normal),
            new Case("amax()", x -> x[0].amax(), RandomTensors::distinct),
            new Case("amin()", x -> x[0].amin(), RandomTensors::distinct),
            new Case("transpose(0, -1).reshape(-1)", x -> x[0].transpose(0, -1).reshape(-1), RandomTensors::normal));

    private static final List<Case> BINARY = List.of(
            new Case("add", x -> x[0].add(x[1]), RandomTensors::normal),
            new Case("sub", x -> x[0].sub(x[1]), RandomTensors::normal),
            new Case("mul", x -> x[0].mul(x[1]), RandomTensors::normal),
            new Case("div", x -> x[0].div(x[1]), RandomTensors::awayFromZero),
            new Case("mseLoss(mean)", x -> Functional.mseLoss(x[0], x[1]), RandomTensors::normal),
            new Case("mseLoss(none)", x -> Functional.mseLoss(x[0], x[1], Reduction.NONE), RandomTensors::normal));

    @Property
    void pointwiseOpsAndFullReductions(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        for (Case c : UNARY) {
            GradCheck.of(c.name(), c.function()).checkFloat32AgainstFloat64(c.domain().sample(r, shape));
        }
    }

    @Property
    void broadcastingBinaryOps(@ForAll(supplier = Shapes.BroadcastPair.class) int[][] shapes, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        for (Case c : BINARY) {
            GradCheck.of(c.name(), c.function())
                    .checkFloat32AgainstFloat64(r.normal(shapes[0]), c.domain().sample(r, shapes[1]));
        }
    }

    @Property
    void reductionsAndSoftmaxOverADim(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll boolean keepdim,
                                      @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        String args = "(dim=" + dim + ", keepdim=" + keepdim + ")";
        GradCheck.of("sum" + args, x -> x[0].sum(dim, keepdim)).checkFloat32AgainstFloat64(r.normal(shape));
        GradCheck.of("mean" + args, x -> x[0].mean(dim, keepdim)).checkFloat32AgainstFloat64(r.normal(shape));
        GradCheck.of("amax" + args, x -> x[0].amax(dim, keepdim)).checkFloat32AgainstFloat64(r.distinct(shape));
        GradCheck.of("softmax(" + dim + ")", x -> x[0].softmax(dim)).checkFloat32AgainstFloat64(r.normal(shape));
        GradCheck.of("logSoftmax(" + dim + ")", x -> x[0].logSoftmax(dim)).checkFloat32AgainstFloat64(r.normal(shape));
    }

    @Property
    void matmulOfEveryForm(@ForAll(supplier = Shapes.BatchPair.class) int[][] batches,
                           @ForAll boolean leftIsVector, @ForAll boolean rightIsVector,
                           @ForAll @IntRange(min = 1, max = 6) int m, @ForAll @IntRange(min = 1, max = 6) int k,
                           @ForAll @IntRange(min = 1, max = 6) int n, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] left = leftIsVector ? new int[] {k} : concat(batches[0], m, k);
        int[] right = rightIsVector ? new int[] {k} : concat(batches[1], k, n);
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).checkFloat32AgainstFloat64(r.normal(left), r.normal(right));
    }

    @Property
    void linearLayers(@ForAll @IntRange(min = 0, max = 2) int leadingDims, @ForAll boolean withBias,
                      @ForAll @IntRange(min = 1, max = 6) int in, @ForAll @IntRange(min = 1, max = 6) int out,
                      @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] lead = new int[leadingDims];
        for (int i = 0; i < leadingDims; i++) {
            lead[i] = r.between(1, 4);
        }
        Tensor input = r.normal(concat(lead, in));
        if (withBias) {
            GradCheck.of("linear(x, w, b)", x -> Functional.linear(x[0], x[1], x[2]))
                    .checkFloat32AgainstFloat64(input, r.normal(out, in), r.normal(out));
        } else {
            GradCheck.of("linear(x, w, null)", x -> Functional.linear(x[0], x[1], null))
                    .checkFloat32AgainstFloat64(input, r.normal(out, in));
        }
    }
}
