package io.streamgrad.autograd;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.constraints.IntRange;

/** Chains of ops, where gradients from several paths meet and flow through views, reductions and products. */
@PropertyDefaults(tries = 100)
class CompositeGradientProperties {

    @Property
    void squaredResidualOfABroadcastProduct(@ForAll(supplier = Shapes.BroadcastPair.class) int[][] shapes,
                                            @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("((w*a - a)**2).sum()", x -> x[0].mul(x[1]).sub(x[1]).pow(2L).sum())
                .check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @Property
    void aTensorUsedOnSeveralPaths(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("y = x.exp(); y*y - y/x + x.sigmoid().log()",
                x -> {
                    Tensor y = x[0].exp();
                    return y.mul(y).sub(y.div(x[0])).add(x[0].sigmoid().log());
                }).check(r.awayFromZero(shape));
    }

    @Property
    void viewsAndReductionsInSequence(@ForAll(supplier = Shapes.AtLeast2D.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] twoCopies = new int[shape.length + 1];
        java.util.Arrays.fill(twoCopies, -1);
        twoCopies[0] = 2;
        GradCheck.of("x.transpose(0, -1).unsqueeze(0).expand(2, -1, ...).mean(0).flatten().softmax(0).mul(x.sum())",
                x -> x[0].transpose(0, -1).unsqueeze(0).expand(twoCopies).mean(0).flatten().softmax(0)
                        .mul(x[0].sum()))
                .check(r.normal(shape));
    }

    @Property
    void twoLayerPerceptronWithMseLoss(@ForAll @IntRange(min = 1, max = 5) int batch,
                                       @ForAll @IntRange(min = 1, max = 4) int in,
                                       @ForAll @IntRange(min = 1, max = 5) int hidden,
                                       @ForAll @IntRange(min = 1, max = 3) int out, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        Tensor target = r.normal(batch, out);
        GradCheck.of("mseLoss(linear(linear(x, W1, b1).tanh(), W2, b2), target)",
                p -> Functional.mseLoss(Functional.linear(Functional.linear(p[0], p[1], p[2]).tanh(), p[3], p[4]),
                        target))
                .check(r.normal(batch, in), r.normal(hidden, in), r.normal(hidden), r.normal(out, hidden),
                        r.normal(out));
    }

    @Property
    void twoLayerClassifierWithLogSoftmax(@ForAll @IntRange(min = 1, max = 5) int batch,
                                          @ForAll @IntRange(min = 1, max = 4) int in,
                                          @ForAll @IntRange(min = 1, max = 5) int hidden,
                                          @ForAll @IntRange(min = 2, max = 4) int classes, @ForAll long seed) {
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

    @Property
    void batchedAttention(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 4) int tokens,
                          @ForAll @IntRange(min = 1, max = 3) int width, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("softmax(q.matmul(k.transpose(-2, -1)).div(sqrt(d)), -1).matmul(v)",
                x -> x[0].matmul(x[1].transpose(-2, -1)).div(Math.sqrt(width)).softmax(-1).matmul(x[2]))
                .check(r.normal(batch, tokens, width), r.normal(batch, tokens, width), r.normal(batch, tokens, width));
    }

    @Property
    void selectedRowsGatheredAndStacked(@ForAll(supplier = Shapes.AtLeast2D.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        Tensor rows = r.rowIndices(shape[0], 4);
        GradCheck.of("stack([x.index(rows).sum(0), x.get(0).mul(x.get(-1))]).mul(x.narrow(0, 0, 1).squeeze(0).abs())"
                        + ".sum(0)",
                x -> Tensor.stack(java.util.List.of(x[0].index(rows).sum(0), x[0].get(0).mul(x[0].get(-1))), 0)
                        .mul(x[0].narrow(0, 0, 1).squeeze(0).abs()).sum(0))
                .check(r.awayFromZero(shape));
    }
}
