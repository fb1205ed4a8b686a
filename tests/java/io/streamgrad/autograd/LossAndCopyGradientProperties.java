package io.streamgrad.autograd;

import static io.streamgrad.testing.Cases.oneOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Reduction;
import io.streamgrad.tensor.Tensor;
import io.streamgrad.testing.Cases;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * Functional.mseLoss with every reduction and a broadcasting target; dtype conversions (the gradient comes
 * back in each input's dtype); clone and contiguous.
 */
class LossAndCopyGradientProperties {

    /**
     * Through float32 the outputs are rounded to float32, so the differences take a step that keeps the
     * rounding error small; the functions below are at most quadratic in each input, so the central
     * difference has no truncation error at that step.
     */
    private static final double FLOAT32_EPS = 1e-2;
    private static final double FLOAT32_TOLERANCE = 1e-3;

    @ParameterizedTest(name = "[{index}] shapes {0}, reduction {1}, seed {2}")
    @MethodSource("broadcastPairAndReduction")
    void mseLossOfEveryReductionWithABroadcastingTarget(int[][] shapes, Reduction reduction, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("mseLoss(reduction=" + reduction.pythonName() + ")",
                x -> Functional.mseLoss(x[0], x[1], reduction)).check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void mseLossDefaultsToTheMean(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("mseLoss", x -> Functional.mseLoss(x[0], x[1])).check(r.normal(shape), r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void float64ThroughFloat32AndBackGetsAFloat64Gradient(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("x.to(float32).mul(w.to(float32)).pow(2).to(float64)",
                x -> x[0].to(DType.FLOAT32).mul(x[1].to(DType.FLOAT32)).pow(2L).to(DType.FLOAT64))
                .eps(FLOAT32_EPS).tolerances(FLOAT32_TOLERANCE, FLOAT32_TOLERANCE)
                .check(r.normal(shape), r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void float32LeafThroughFloat64GetsAFloat32Gradient(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("x32.to(float64).mul(w64).pow(2)", x -> x[0].to(DType.FLOAT64).mul(x[1]).pow(2L))
                .eps(FLOAT32_EPS).tolerances(FLOAT32_TOLERANCE, FLOAT32_TOLERANCE)
                .check(r.normal(shape).to(DType.FLOAT32), r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shapes {0}, seed {1}")
    @MethodSource("broadcastPair")
    void mixedDtypeArithmeticGivesEachInputAGradientOfItsOwnDtype(int[][] shapes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("x32.mul(w64)", x -> x[0].mul(x[1]))
                .eps(FLOAT32_EPS).tolerances(FLOAT32_TOLERANCE, FLOAT32_TOLERANCE)
                .check(r.normal(shapes[0]).to(DType.FLOAT32), r.normal(shapes[1]));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void toTheSameDtypeIsTheIdentity(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        Tensor x = r.normal(shape);
        assertThat(x.to(DType.FLOAT64)).isSameAs(x);
        GradCheck.of("x.mul(3).to(float64)", in -> in[0].mul(3.0).to(DType.FLOAT64)).check(x);
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void cloneAndContiguousPassTheGradientThrough(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("clone", x -> x[0].clone()).check(r.normal(shape));
        GradCheck.of("contiguous", x -> x[0].contiguous()).check(r.normal(shape));
        GradCheck.of("transpose(0, -1).contiguous()", x -> x[0].transpose(0, -1).contiguous())
                .check(r.normal(shape));
        int[] expanded = Shapes.concat(new int[] {3}, shape);
        GradCheck.of("unsqueeze(0).expand(3, ...).clone().mul(x)",
                x -> x[0].unsqueeze(0).expand(expanded).clone().mul(x[0]))
                .check(r.normal(shape));
    }

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> broadcastPairAndReduction(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.broadcastPair(random), oneOf(random, Reduction.values()),
                random.nextLong()));
    }

    static Stream<Arguments> anyRank(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextLong()));
    }

    static Stream<Arguments> broadcastPair(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.broadcastPair(random), random.nextLong()));
    }
}
