package io.streamgrad.autograd;

import static io.streamgrad.testing.Cases.between;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Tensor;
import io.streamgrad.testing.Cases;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/** Chains of ops, where gradients from several paths meet and flow through views, reductions and products. */
class CompositeGradientProperties {

    @ParameterizedTest(name = "[{index}] shapes {0}, seed {1}")
    @MethodSource("broadcastPair")
    void squaredResidualOfABroadcastProduct(int[][] shapes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("((w*a - a)**2).sum()", x -> x[0].mul(x[1]).sub(x[1]).pow(2L).sum())
                .check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void aTensorUsedOnSeveralPaths(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("y = x.exp(); y*y - y/x + x.sigmoid().log()",
                x -> {
                    Tensor y = x[0].exp();
                    return y.mul(y).sub(y.div(x[0])).add(x[0].sigmoid().log());
                }).check(r.awayFromZero(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("atLeast2D")
    void viewsAndReductionsInSequence(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] twoCopies = new int[shape.length + 1];
        java.util.Arrays.fill(twoCopies, -1);
        twoCopies[0] = 2;
        GradCheck.of("x.transpose(0, -1).unsqueeze(0).expand(2, -1, ...).mean(0).flatten().softmax(0).mul(x.sum())",
                x -> x[0].transpose(0, -1).unsqueeze(0).expand(twoCopies).mean(0).flatten().softmax(0)
                        .mul(x[0].sum()))
                .check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] batch {0}, in {1}, hidden {2}, out {3}, seed {4}")
    @MethodSource("perceptronSizes")
    void twoLayerPerceptronWithMseLoss(int batch, int in, int hidden, int out, long seed) {
        RandomTensors r = new RandomTensors(seed);
        Tensor target = r.normal(batch, out);
        GradCheck.of("mseLoss(linear(linear(x, W1, b1).tanh(), W2, b2), target)",
                p -> Functional.mseLoss(Functional.linear(Functional.linear(p[0], p[1], p[2]).tanh(), p[3], p[4]),
                        target))
                .check(r.normal(batch, in), r.normal(hidden, in), r.normal(hidden), r.normal(out, hidden),
                        r.normal(out));
    }

    @ParameterizedTest(name = "[{index}] batch {0}, in {1}, hidden {2}, classes {3}, seed {4}")
    @MethodSource("classifierSizes")
    void twoLayerClassifierWithLogSoftmax(int batch, int in, int hidden, int classes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        double[] oneHot = new double[batch * classes];
        for (int i = 0; i < batch; i++) {
            oneHot[i * classes + r.between(0, classes - 1)] = 1;
        }
        Tensor labels = Tensor.fromData(oneHot, DType.FLOAT64, batch, classes);
        GradCheck.of("-(x.mm(W1.t()).add(b1).sigmoid().matmul(W2.t()).logSoftmax(1) * labels).sum(1).mean()",
                p -> p[0].mm(p[1].t()).add(p[2]).sigmoid().matmul(p[3].t()).logSoftmax(1).mul(labels).sum(1).mean()
                        .neg())
                .check(r.normal(batch, in), r.normal(hidden, in), r.normal(hidden), r.normal(classes, hidden));
    }

    @ParameterizedTest(name = "[{index}] batch {0}, tokens {1}, width {2}, seed {3}")
    @MethodSource("attentionSizes")
    void batchedAttention(int batch, int tokens, int width, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("softmax(q.matmul(k.transpose(-2, -1)).div(sqrt(d)), -1).matmul(v)",
                x -> x[0].matmul(x[1].transpose(-2, -1)).div(Math.sqrt(width)).softmax(-1).matmul(x[2]))
                .check(r.normal(batch, tokens, width), r.normal(batch, tokens, width), r.normal(batch, tokens, width));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("atLeast2D")
    void selectedRowsGatheredAndStacked(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        Tensor rows = r.rowIndices(shape[0], 4);
        GradCheck.of("stack([x.index(rows).sum(0), x.get(0).mul(x.get(-1))]).mul(x.narrow(0, 0, 1).squeeze(0).abs())"
                        + ".sum(0)",
                x -> Tensor.stack(java.util.List.of(x[0].index(rows).sum(0), x[0].get(0).mul(x[0].get(-1))), 0)
                        .mul(x[0].narrow(0, 0, 1).squeeze(0).abs()).sum(0))
                .check(r.awayFromZero(shape));
    }

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> broadcastPair(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.broadcastPair(random), random.nextLong()));
    }

    static Stream<Arguments> anyRank(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextLong()));
    }

    static Stream<Arguments> atLeast2D(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.atLeast2D(random), random.nextLong()));
    }

    static Stream<Arguments> perceptronSizes(TestInfo test) {
        return Cases.of(test, random -> arguments(between(random, 1, 5), between(random, 1, 4), between(random, 1, 5),
                between(random, 1, 3), random.nextLong()));
    }

    static Stream<Arguments> classifierSizes(TestInfo test) {
        return Cases.of(test, random -> arguments(between(random, 1, 5), between(random, 1, 4), between(random, 1, 5),
                between(random, 2, 4), random.nextLong()));
    }

    static Stream<Arguments> attentionSizes(TestInfo test) {
        return Cases.of(test, random -> arguments(between(random, 1, 2), between(random, 1, 4), between(random, 1, 3),
                random.nextLong()));
    }
}
