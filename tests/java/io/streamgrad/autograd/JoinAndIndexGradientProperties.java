package io.streamgrad.autograd;

import static io.streamgrad.testing.Cases.between;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.streamgrad.tensor.Tensor;
import io.streamgrad.testing.Cases;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** cat, stack, indexing rows by int64 indices (repeats accumulate) and where with a random bool mask. */
class JoinAndIndexGradientProperties {

    @ParameterizedTest(name = "[{index}] shape {0}, parts {1}, seed {2}")
    @MethodSource("atLeast1DAndParts")
    void catSplitsTheGradientBackIntoItsParts(int[] shape, int parts, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        Tensor[] inputs = new Tensor[parts];
        for (int i = 0; i < parts; i++) {
            int[] partShape = shape.clone();
            partShape[Math.floorMod(dim, shape.length)] = r.between(1, 3);
            inputs[i] = r.normal(partShape);
        }
        GradCheck.of("cat(dim=" + dim + ")", x -> Tensor.cat(Arrays.asList(x), dim)).check(inputs);
    }

    @ParameterizedTest(name = "[{index}] shape {0}, parts {1}, seed {2}")
    @MethodSource("anyRankAndParts")
    void stackSelectsEachInputsGradient(int[] shape, int parts, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length + 1);
        Tensor[] inputs = new Tensor[parts];
        for (int i = 0; i < parts; i++) {
            inputs[i] = r.normal(shape);
        }
        GradCheck.of("stack(dim=" + dim + ")", x -> Tensor.stack(Arrays.asList(x), dim)).check(inputs);
    }

    @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
    @MethodSource("atLeast1D")
    void catOfTheSameTensorTwiceAccumulates(int[] shape, long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("cat([x, x.mul(2)], dim=0)", x -> Tensor.cat(List.of(x[0], x[0].mul(2.0)), 0))
                .check(r.normal(shape));
        GradCheck.of("stack([x, x], dim=0)", x -> Tensor.stack(List.of(x[0], x[0]), 0)).check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shape {0}, count {1}, seed {2}")
    @MethodSource("atLeast1DAndRowCount")
    void indexWithRepeatedRowsAccumulatesTheirGradients(int[] shape, int count, long seed) {
        RandomTensors r = new RandomTensors(seed);
        Tensor rows = r.rowIndices(shape[0], count);
        GradCheck.of("index(" + Arrays.toString(rows.toLongArray()) + ")", x -> x[0].index(rows))
                .check(r.normal(shape));
    }

    @ParameterizedTest(name = "[{index}] shapes {0}, seed {1}")
    @MethodSource("broadcastPair")
    void whereRoutesTheGradientByTheMask(int[][] shapes, long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] maskShape = maskShape(r, shapes);
        Tensor mask = r.bools(maskShape);
        GradCheck.of("where(mask " + Arrays.toString(maskShape) + ", a, b)", x -> Tensor.where(mask, x[0], x[1]))
                .check(r.normal(shapes[0]), r.normal(shapes[1]));
    }

    /** The operands' broadcast shape with some dims set to 1, and half the time a leading dim that widens it. */
    private static int[] maskShape(RandomTensors r, int[][] operandShapes) {
        int[] shape = r.withOnes(Shapes.broadcast(operandShapes[0], operandShapes[1]));
        return r.random().nextBoolean() ? Shapes.concat(new int[] {2}, shape) : shape;
    }

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> atLeast1DAndParts(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.atLeast1D(random), between(random, 1, 3), random.nextLong()));
    }

    static Stream<Arguments> anyRankAndParts(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.anyRank(random), between(random, 1, 3), random.nextLong()));
    }

    static Stream<Arguments> atLeast1D(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.atLeast1D(random), random.nextLong()));
    }

    static Stream<Arguments> atLeast1DAndRowCount(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.atLeast1D(random), between(random, 1, 7), random.nextLong()));
    }

    static Stream<Arguments> broadcastPair(TestInfo test) {
        return Cases.of(test, random -> arguments(Shapes.broadcastPair(random), random.nextLong()));
    }
}
