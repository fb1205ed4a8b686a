package io.streamgrad.autograd;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.streamgrad.testing.Cases;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/** Element-wise functions of one tensor, each on the domain where it is smooth. */
class PointwiseGradientProperties {

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void expIsItsOwnDerivative(int[] shape, long seed) {
        GradCheck.of("exp", x -> x[0].exp()).check(new RandomTensors(seed).normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void logOfPositiveInputs(int[] shape, long seed) {
        GradCheck.of("log", x -> x[0].log()).check(new RandomTensors(seed).positive(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void sqrtOfPositiveInputs(int[] shape, long seed) {
        GradCheck.of("sqrt", x -> x[0].sqrt()).check(new RandomTensors(seed).positive(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void absAwayFromZero(int[] shape, long seed) {
        GradCheck.of("abs", x -> x[0].abs()).check(new RandomTensors(seed).awayFromZero(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void reluAwayFromZero(int[] shape, long seed) {
        GradCheck.of("relu", x -> x[0].relu()).check(new RandomTensors(seed).awayFromZero(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void sigmoid(int[] shape, long seed) {
        GradCheck.of("sigmoid", x -> x[0].sigmoid()).check(new RandomTensors(seed).normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void tanh(int[] shape, long seed) {
        GradCheck.of("tanh", x -> x[0].tanh()).check(new RandomTensors(seed).normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void integralPowersOfAnyInput(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("pow(2)", x -> x[0].pow(2L)).check(r.normal(shape));
        GradCheck.of("pow(3)", x -> x[0].pow(3L)).check(r.normal(shape));
        GradCheck.of("pow(2.0)", x -> x[0].pow(2.0)).check(r.normal(shape));
        GradCheck.of("pow(1)", x -> x[0].pow(1L)).check(r.normal(shape));
        GradCheck.of("pow(0)", x -> x[0].pow(0L)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void fractionalPowersOfPositiveInputs(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("pow(0.5)", x -> x[0].pow(0.5)).check(r.positive(shape));
        GradCheck.of("pow(-1.5)", x -> x[0].pow(-1.5)).check(r.positive(shape));
        GradCheck.of("pow(-2)", x -> x[0].pow(-2L)).check(r.positive(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void clampPassesTheGradientOnlyBetweenTheBounds(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        double margin = 0.05;
        GradCheck.of("clamp(-0.5, 0.8)", x -> x[0].clamp(-0.5, 0.8))
                .check(r.awayFrom(margin, new double[] {-0.5, 0.8}, shape));
        GradCheck.of("clampMin(0.3)", x -> x[0].clampMin(0.3)).check(r.awayFrom(margin, new double[] {0.3}, shape));
        GradCheck.of("clampMax(-0.2)", x -> x[0].clampMax(-0.2))
                .check(r.awayFrom(margin, new double[] {-0.2}, shape));
        GradCheck.of("clamp(NaN, 1.0)", x -> x[0].clamp(Double.NaN, 1.0))
                .check(r.awayFrom(margin, new double[] {1.0}, shape));
        GradCheck.of("clamp(-1.0, NaN)", x -> x[0].clamp(-1.0, Double.NaN))
                .check(r.awayFrom(margin, new double[] {-1.0}, shape));
    }

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> anyRank(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextLong()));
    }
}
