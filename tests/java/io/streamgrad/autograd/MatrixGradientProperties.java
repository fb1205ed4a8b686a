package io.streamgrad.autograd;

import static io.streamgrad.autograd.Shapes.concat;

import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Tensor;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.constraints.IntRange;

/**
 * matmul in each of its forms (dot, matrix-vector, vector-matrix, matrix-matrix, batched with broadcast
 * batch dims and vector operands), mm, and Functional.linear with and without bias.
 */
@PropertyDefaults(tries = 100)
class MatrixGradientProperties {

    /**
     * Every form of matmul at once: an operand is a vector, or a matrix with (broadcasting) batch dims.
     * Covers 1D·1D, 2D·1D, 1D·2D, 2D·2D, ND·1D, 1D·ND, ND·2D, 2D·ND and ND·ND.
     */
    @Property
    void matmulOfEveryForm(@ForAll(supplier = Shapes.BatchPair.class) int[][] batches,
                           @ForAll boolean leftIsVector, @ForAll boolean rightIsVector,
                           @ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 4) int k,
                           @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] left = leftIsVector ? new int[] {k} : concat(batches[0], m, k);
        int[] right = rightIsVector ? new int[] {k} : concat(batches[1], k, n);
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(left), r.normal(right));
    }

    @Property
    void matmulOfTransposedOperands(@ForAll(supplier = Shapes.BatchPair.class) int[][] batches,
                                    @ForAll @IntRange(min = 1, max = 4) int m,
                                    @ForAll @IntRange(min = 1, max = 4) int k,
                                    @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("matmul(a.transpose(-1, -2), b.transpose(-1, -2))",
                x -> x[0].transpose(-1, -2).matmul(x[1].transpose(-1, -2)))
                .check(r.normal(concat(batches[0], k, m)), r.normal(concat(batches[1], n, k)));
    }

    @Example
    void matmulBroadcastsBatchDimsOfDifferentRanks() {
        RandomTensors r = new RandomTensors(1);
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(2, 1, 3, 4), r.normal(5, 4, 2));
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(2, 3, 4), r.normal(4, 5));
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(4), r.normal(2, 4, 3));
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(2, 3, 4), r.normal(4));
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(3, 4), r.normal(2, 4, 3));
    }

    @Property
    void mmOfMatrices(@ForAll @IntRange(min = 1, max = 5) int m, @ForAll @IntRange(min = 1, max = 5) int k,
                      @ForAll @IntRange(min = 1, max = 5) int n, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("mm", x -> x[0].mm(x[1])).check(r.normal(m, k), r.normal(k, n));
        GradCheck.of("mm(a.t(), b.t())", x -> x[0].t().mm(x[1].t())).check(r.normal(k, m), r.normal(n, k));
    }

    /** Input [..., in] of rank 1 to 4, weight [out, in], optional bias [out]. */
    @Property
    void linearOfEveryInputRank(@ForAll @IntRange(min = 0, max = 3) int leadingDims, @ForAll boolean withBias,
                                @ForAll @IntRange(min = 1, max = 4) int in,
                                @ForAll @IntRange(min = 1, max = 4) int out, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] lead = new int[leadingDims];
        for (int i = 0; i < leadingDims; i++) {
            lead[i] = r.between(1, 3);
        }
        Tensor input = r.normal(concat(lead, in));
        Tensor weight = r.normal(out, in);
        if (withBias) {
            GradCheck.of("linear(x, w, b)", x -> Functional.linear(x[0], x[1], x[2]))
                    .check(input, weight, r.normal(out));
        } else {
            GradCheck.of("linear(x, w, null)", x -> Functional.linear(x[0], x[1], null)).check(input, weight);
        }
    }

    @Property
    void linearOfANonContiguousInput(@ForAll @IntRange(min = 1, max = 3) int batch,
                                     @ForAll @IntRange(min = 1, max = 3) int rows,
                                     @ForAll @IntRange(min = 1, max = 4) int in,
                                     @ForAll @IntRange(min = 1, max = 4) int out, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("linear(x.transpose(0, 1), w, b)",
                x -> Functional.linear(x[0].transpose(0, 1), x[1], x[2]))
                .check(r.normal(rows, batch, in), r.normal(out, in), r.normal(out));
        GradCheck.of("linear(x.t(), w, b)", x -> Functional.linear(x[0].t(), x[1], x[2]))
                .check(r.normal(in, rows), r.normal(out, in), r.normal(out));
        GradCheck.of("linear(x, w.t(), b)", x -> Functional.linear(x[0], x[1].t(), x[2]))
                .check(r.normal(batch, rows, in), r.normal(in, out), r.normal(out));
    }
}
