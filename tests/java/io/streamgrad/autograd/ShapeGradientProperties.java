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
 * The view ops (t, transpose, view, unsqueeze, squeeze, expand, select, narrow) and the ops that are views
 * when the strides allow and copies otherwise (reshape, flatten), on contiguous and transposed inputs.
 */
class ShapeGradientProperties {

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void tOfAtMostTwoDims(int[] shape, long seed) {
        int[] small = Arrays.copyOf(shape, Math.min(shape.length, 2));
        GradCheck.of("t", x -> x[0].t()).check(new RandomTensors(seed).normal(small));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void transposeOfAnyTwoDims(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int a = r.dim(shape.length);
        int b = r.dim(shape.length);
        GradCheck.of("transpose(" + a + ", " + b + ")", x -> x[0].transpose(a, b)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void viewOfAContiguousTensor(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] target = r.reshapeTarget(shape);
        GradCheck.of("view(" + Arrays.toString(target) + ")", x -> x[0].view(target)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void reshapeOfAContiguousTensor(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] target = r.reshapeTarget(shape);
        GradCheck.of("reshape(" + Arrays.toString(target) + ")", x -> x[0].reshape(target)).check(r.normal(shape));
    }

    /** After a transpose most targets are not views: reshape copies, and the copy's backward is checked. */
    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("atLeast2D")
    void reshapeOfATransposedTensor(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] target = r.reshapeTarget(shape);
        GradCheck.of("transpose(0, -1).reshape(" + Arrays.toString(target) + ")",
                x -> x[0].transpose(0, -1).reshape(target)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void unsqueezeAtEveryPosition(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length + 1);
        GradCheck.of("unsqueeze(" + dim + ")", x -> x[0].unsqueeze(dim)).check(r.normal(shape));
        GradCheck.of("transpose(0, -1).unsqueeze(" + dim + ")", x -> x[0].transpose(0, -1).unsqueeze(dim))
                .check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] sizes {0}, seed {1}")
    @MethodSource("anyRank")
    void squeezeOfAllOrOneDim(int[] sizes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] shape = r.withOnes(sizes);
        int dim = r.dim(shape.length);
        GradCheck.of("squeeze()", x -> x[0].squeeze()).check(r.normal(shape));
        GradCheck.of("squeeze(" + dim + ")", x -> x[0].squeeze(dim)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] sizes {0}, seed {1}")
    @MethodSource("anyRank")
    void expandOfSizeOneDimsAndNewLeadingDims(int[] sizes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] shape = r.withOnes(sizes);
        int lead = r.between(0, 2);
        int[] target = new int[lead + shape.length];
        for (int i = 0; i < lead; i++) {
            target[i] = r.between(1, 3);
        }
        for (int i = 0; i < shape.length; i++) {
            boolean keep = r.random().nextBoolean();
            target[lead + i] = keep ? -1 : shape[i] == 1 ? r.between(1, 4) : shape[i];
        }
        GradCheck.of("expand(" + Arrays.toString(target) + ")", x -> x[0].expand(target)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("anyRank")
    void flattenOfAnyDimRange(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int a = r.dim(shape.length);
        int b = r.dim(shape.length);
        int rank = Math.max(shape.length, 1);
        int start = Math.min(Math.floorMod(a, rank), Math.floorMod(b, rank));
        int end = Math.max(Math.floorMod(a, rank), Math.floorMod(b, rank)) - (r.random().nextBoolean() ? rank : 0);
        GradCheck.of("flatten()", x -> x[0].flatten()).check(r.normal(shape));
        GradCheck.of("flatten(" + start + ", " + end + ")", x -> x[0].flatten(start, end)).check(r.normal(shape));
        GradCheck.of("transpose(0, -1).flatten(" + start + ", " + end + ")",
                x -> x[0].transpose(0, -1).flatten(start, end)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("atLeast1D")
    void selectAndGetScatterTheGradientIntoOneSlice(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        int size = shape[Math.floorMod(dim, shape.length)];
        int index = r.between(-size, size - 1);
        int row = r.between(-shape[0], shape[0] - 1);
        GradCheck.of("select(" + dim + ", " + index + ")", x -> x[0].select(dim, index)).check(r.normal(shape));
        GradCheck.of("get(" + row + ")", x -> x[0].get(row)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("atLeast1D")
    void narrowScattersTheGradientIntoARange(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        int size = shape[Math.floorMod(dim, shape.length)];
        int start = r.between(0, size - 1);
        int length = r.between(1, size - start);
        GradCheck.of("narrow(" + dim + ", " + start + ", " + length + ")", x -> x[0].narrow(dim, start, length))
                .check(r.normal(shape));
        GradCheck.of("narrow(" + dim + ", " + start + ", " + length + ").narrow(" + dim + ", 0, 1)",
                x -> x[0].narrow(dim, start, length).narrow(dim, 0, 1)).check(r.normal(shape));
    }

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> anyRank(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextLong()));
    }

    static Stream<Arguments> atLeast2D(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.atLeast2D(random), random.nextLong()));
    }

    static Stream<Arguments> atLeast1D(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.atLeast1D(random), random.nextLong()));
    }
}
