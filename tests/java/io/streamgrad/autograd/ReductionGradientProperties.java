package io.streamgrad.autograd;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.streamgrad.testing.Cases;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * sum, mean, amax and amin over all dims, one dim and lists of dims, with and without keepdim; softmax and
 * log_softmax over every dim. amax and amin see pairwise distinct values, so there are no ties.
 */
class ReductionGradientProperties {

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void sumOfAllElements(int[] shape, long seed) {
        GradCheck.of("sum()", x -> x[0].sum()).check(new RandomTensors(seed).normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, keepdim {1}, seed {2}")
    @MethodSource("anyRankAndFlag")
    void sumOverOneDim(int[] shape, boolean keepdim, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        GradCheck.of("sum(dim=" + dim + ", keepdim=" + keepdim + ")", x -> x[0].sum(dim, keepdim))
                .check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, keepdim {1}, seed {2}")
    @MethodSource("atLeast1DAndFlag")
    void sumOverADimList(int[] shape, boolean keepdim, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] dims = r.dims(shape.length);
        GradCheck.of("sum(dim=" + Arrays.toString(dims) + ", keepdim=" + keepdim + ")", x -> x[0].sum(dims, keepdim))
                .check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void meanOfAllElements(int[] shape, long seed) {
        GradCheck.of("mean()", x -> x[0].mean()).check(new RandomTensors(seed).normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, keepdim {1}, seed {2}")
    @MethodSource("anyRankAndFlag")
    void meanOverOneDim(int[] shape, boolean keepdim, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        GradCheck.of("mean(dim=" + dim + ", keepdim=" + keepdim + ")", x -> x[0].mean(dim, keepdim))
                .check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, keepdim {1}, seed {2}")
    @MethodSource("atLeast1DAndFlag")
    void meanOverADimList(int[] shape, boolean keepdim, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] dims = r.dims(shape.length);
        GradCheck.of("mean(dim=" + Arrays.toString(dims) + ", keepdim=" + keepdim + ")",
                x -> x[0].mean(dims, keepdim)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void amaxAndAminOfAllElementsRouteTheGradientToTheExtreme(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("amax()", x -> x[0].amax()).check(r.distinct(shape));
        GradCheck.of("amin()", x -> x[0].amin()).check(r.distinct(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, keepdim {1}, seed {2}")
    @MethodSource("anyRankAndFlag")
    void amaxAndAminOverOneDim(int[] shape, boolean keepdim, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        GradCheck.of("amax(dim=" + dim + ", keepdim=" + keepdim + ")", x -> x[0].amax(dim, keepdim))
                .check(r.distinct(shape));
        GradCheck.of("amin(dim=" + dim + ", keepdim=" + keepdim + ")", x -> x[0].amin(dim, keepdim))
                .check(r.distinct(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, keepdim {1}, seed {2}")
    @MethodSource("atLeast1DAndFlag")
    void amaxAndAminOverADimList(int[] shape, boolean keepdim, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] dims = r.dims(shape.length);
        String args = "(dim=" + Arrays.toString(dims) + ", keepdim=" + keepdim + ")";
        GradCheck.of("amax" + args, x -> x[0].amax(dims, keepdim)).check(r.distinct(shape));
        GradCheck.of("amin" + args, x -> x[0].amin(dims, keepdim)).check(r.distinct(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void softmaxOverEveryDim(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        for (int dim = -Math.max(shape.length, 1); dim < Math.max(shape.length, 1); dim++) {
            int d = dim;
            GradCheck.of("softmax(dim=" + d + ")", x -> x[0].softmax(d)).check(r.normal(shape));
        }
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void logSoftmaxOverEveryDim(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        for (int dim = -Math.max(shape.length, 1); dim < Math.max(shape.length, 1); dim++) {
            int d = dim;
            GradCheck.of("logSoftmax(dim=" + d + ")", x -> x[0].logSoftmax(d)).check(r.normal(shape));
        }
    }

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> anyRank(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextLong()));
    }

    static Stream<Arguments> anyRankAndFlag(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextBoolean(), random.nextLong()));
    }

    static Stream<Arguments> atLeast1DAndFlag(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.atLeast1D(random), random.nextBoolean(), random.nextLong()));
    }
}
