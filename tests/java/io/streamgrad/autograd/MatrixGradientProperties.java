package io.streamgrad.autograd;

import static io.streamgrad.autograd.Shapes.concat;
import static io.streamgrad.testing.Cases.between;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Tensor;
import io.streamgrad.testing.Cases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * matmul in each of its forms (dot, matrix-vector, vector-matrix, matrix-matrix, batched with broadcast
 * batch dims and vector operands), mm, and Functional.linear with and without bias.
 */
class MatrixGradientProperties {

    /**
     * Every form of matmul at once: an operand is a vector, or a matrix with (broadcasting) batch dims.
     * Covers 1D·1D, 2D·1D, 1D·2D, 2D·2D, ND·1D, 1D·ND, ND·2D, 2D·ND and ND·ND.
     */
    @ParameterizedTest(name = "[{index}] batches {0}, leftIsVector {1}, rightIsVector {2}, m {3}, k {4}, n {5}, "
            + "seed {6}")
    @MethodSource("matmulForms")
    void matmulOfEveryForm(int[][] batches, boolean leftIsVector, boolean rightIsVector, int m, int k, int n,
                           long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] left = leftIsVector ? new int[] {k} : concat(batches[0], m, k);
        int[] right = rightIsVector ? new int[] {k} : concat(batches[1], k, n);
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(left), r.normal(right));
    }

    @ParameterizedTest(name = "[{index}] batches {0}, m {1}, k {2}, n {3}, seed {4}")
    @MethodSource("transposedMatmulSizes")
    void matmulOfTransposedOperands(int[][] batches, int m, int k, int n, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("matmul(a.transpose(-1, -2), b.transpose(-1, -2))",
                x -> x[0].transpose(-1, -2).matmul(x[1].transpose(-1, -2)))
                .check(r.normal(concat(batches[0], k, m)), r.normal(concat(batches[1], n, k)));
    }

    @Test
    void matmulBroadcastsBatchDimsOfDifferentRanks() {
        RandomTensors r = new RandomTensors(1);
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(2, 1, 3, 4), r.normal(5, 4, 2));
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(2, 3, 4), r.normal(4, 5));
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(4), r.normal(2, 4, 3));
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(2, 3, 4), r.normal(4));
        GradCheck.of("matmul", x -> x[0].matmul(x[1])).check(r.normal(3, 4), r.normal(2, 4, 3));
    }

    @ParameterizedTest(name = "[{index}] m {0}, k {1}, n {2}, seed {3}")
    @MethodSource("mmSizes")
    void mmOfMatrices(int m, int k, int n, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("mm", x -> x[0].mm(x[1])).check(r.normal(m, k), r.normal(k, n));
        GradCheck.of("mm(a.t(), b.t())", x -> x[0].t().mm(x[1].t())).check(r.normal(k, m), r.normal(n, k));
    }

    /** Input [..., in] of rank 1 to 4, weight [out, in], optional bias [out]. */
    @ParameterizedTest(name = "[{index}] leadingDims {0}, withBias {1}, in {2}, out {3}, seed {4}")
    @MethodSource("linearSizes")
    void linearOfEveryInputRank(int leadingDims, boolean withBias, int in, int out, long seed) {
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

    @ParameterizedTest(name = "[{index}] batch {0}, rows {1}, in {2}, out {3}, seed {4}")
    @MethodSource("nonContiguousLinearSizes")
    void linearOfANonContiguousInput(int batch, int rows, int in, int out, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("linear(x.transpose(0, 1), w, b)",
                x -> Functional.linear(x[0].transpose(0, 1), x[1], x[2]))
                .check(r.normal(rows, batch, in), r.normal(out, in), r.normal(out));
        GradCheck.of("linear(x.t(), w, b)", x -> Functional.linear(x[0].t(), x[1], x[2]))
                .check(r.normal(in, rows), r.normal(out, in), r.normal(out));
        GradCheck.of("linear(x, w.t(), b)", x -> Functional.linear(x[0], x[1].t(), x[2]))
                .check(r.normal(batch, rows, in), r.normal(in, out), r.normal(out));
    }

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> matmulForms(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.batchPair(random), random.nextBoolean(), random.nextBoolean(),
                between(random, 1, 4), between(random, 1, 4), between(random, 1, 4), random.nextLong()));
    }

    static Stream<Arguments> transposedMatmulSizes(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.batchPair(random), between(random, 1, 4),
                between(random, 1, 4), between(random, 1, 4), random.nextLong()));
    }

    static Stream<Arguments> mmSizes(TestInfo test) {
        return Cases.of(test, random -> arguments(between(random, 1, 5), between(random, 1, 5), between(random, 1, 5),
                random.nextLong()));
    }

    static Stream<Arguments> linearSizes(TestInfo test) {
        return Cases.of(test, random -> arguments(between(random, 0, 3), random.nextBoolean(), between(random, 1, 4),
                between(random, 1, 4), random.nextLong()));
    }

    static Stream<Arguments> nonContiguousLinearSizes(TestInfo test) {
        return Cases.of(test, random -> arguments(between(random, 1, 3), between(random, 1, 3), between(random, 1, 4),
                between(random, 1, 4), random.nextLong()));
    }
}
