package io.streamgrad.autograd;

import static io.streamgrad.autograd.Shapes.concat;
import static io.streamgrad.testing.Cases.between;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Reduction;
import io.streamgrad.tensor.Tensor;
import io.streamgrad.testing.Cases;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

/**
 * The float32 backward of each op family agrees with the float64 one (proven by finite differences in the
 * other properties) within float32's precision: the float32 kernels are separate code.
 */
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

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void pointwiseOpsAndFullReductions(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        for (Case c : UNARY) {
            GradCheck.of(c.name(), c.function()).checkFloat32AgainstFloat64(c.domain().sample(r, shape));
        }
    }

    @ParameterizedTest(name = "[{index}] shapes {0}, seed {1}")
    @MethodSource("broadcastPair")
    void broadcastingBinaryOps(int[][] shapes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        for (Case c : BINARY) {
            GradCheck.of(c.name(), c.function())
                    .checkFloat32AgainstFloat64(r.normal(shapes[0]), c.domain().sample(r, shapes[1]));
        }
    }

    @ParameterizedTest(name = "[{index}] shape {0}, keepdim {1}, seed {2}")
    @MethodSource("anyRankAndFlag")
    void reductionsAndSoftmaxOverADim(int[] shape, boolean keepdim, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        String args = "(dim=" + dim + ", keepdim=" + keepdim + ")";
        GradCheck.of("sum" + args, x -> x[0].sum(dim, keepdim)).checkFloat32AgainstFloat64(r.normal(shape));
        GradCheck.of("mean" + args, x -> x[0].mean(dim, keepdim)).checkFloat32AgainstFloat64(r.normal(shape));
        GradCheck.of("amax" + args, x -> x[0].amax(dim, keepdim)).checkFloat32AgainstFloat64(r.distinct(shape));
        GradCheck.of("softmax(" + dim + ")", x -> x[0].softmax(dim)).checkFloat32AgainstFloat64(r.normal(shape));
        GradCheck.of("logSoftmax(" + dim + ")", x -> x[0].logSoftmax(dim)).checkFloat32AgainstFloat64(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] batches {0}, leftIsVector {1}, rightIsVector {2}, m {3}, k {4}, n {5}, "
            + "seed {6}")
    @MethodSource("matmulForms")
    void matmulOfEveryForm(int[][] batches, boolean leftIsVector, boolean rightIsVector, int m, int k, int n,
                           long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] left = leftIsVector ? new int[] {k} : concat(batches[0], m, k);
        int[] right = rightIsVector ? new int[] {k} : concat(batches[1], k, n);
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).checkFloat32AgainstFloat64(r.normal(left), r.normal(right));
    }

    @ParameterizedTest(name = "[{index}] leadingDims {0}, withBias {1}, in {2}, out {3}, seed {4}")
    @MethodSource("linearLayerSizes")
    void linearLayers(int leadingDims, boolean withBias, int in, int out, long seed) {
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

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> anyRank(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextLong()));
    }

    static Stream<Arguments> broadcastPair(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.broadcastPair(random), random.nextLong()));
    }

    static Stream<Arguments> anyRankAndFlag(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextBoolean(), random.nextLong()));
    }

    static Stream<Arguments> matmulForms(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.batchPair(random), random.nextBoolean(), random.nextBoolean(),
                between(random, 1, 6), between(random, 1, 6), between(random, 1, 6), random.nextLong()));
    }

    static Stream<Arguments> linearLayerSizes(TestInfo test) {
        return Cases.of(test, random -> arguments(between(random, 0, 2), random.nextBoolean(), between(random, 1, 6),
                between(random, 1, 6), random.nextLong()));
    }
}
