package io.streamgrad.autograd;

import io.streamgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.constraints.IntRange;

/** cat, stack, indexing rows by int64 indices (repeats accumulate) and where with a random bool mask. */
@PropertyDefaults(tries = 100)
class JoinAndIndexGradientProperties {

    @Property
    void catSplitsTheGradientBackIntoItsParts(@ForAll(supplier = Shapes.AtLeast1D.class) int[] shape,
                                              @ForAll @IntRange(min = 1, max = 3) int parts, @ForAll long seed) {
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

    @Property
    void stackSelectsEachInputsGradient(@ForAll(supplier = Shapes.AnyRank.class) int[] shape,
                                        @ForAll @IntRange(min = 1, max = 3) int parts, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length + 1);
        Tensor[] inputs = new Tensor[parts];
        for (int i = 0; i < parts; i++) {
            inputs[i] = r.normal(shape);
        }
        GradCheck.of("stack(dim=" + dim + ")", x -> Tensor.stack(Arrays.asList(x), dim)).check(inputs);
    }

    @Property
    void catOfTheSameTensorTwiceAccumulates(@ForAll(supplier = Shapes.AtLeast1D.class) int[] shape,
                                            @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("cat([x, x.mul(2)], dim=0)", x -> Tensor.cat(List.of(x[0], x[0].mul(2.0)), 0))
                .check(r.normal(shape));
        GradCheck.of("stack([x, x], dim=0)", x -> Tensor.stack(List.of(x[0], x[0]), 0)).check(r.normal(shape));
    }

    @Property
    void indexWithRepeatedRowsAccumulatesTheirGradients(@ForAll(supplier = Shapes.AtLeast1D.class) int[] shape,
                                                        @ForAll @IntRange(min = 1, max = 7) int count,
                                                        @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        Tensor rows = r.rowIndices(shape[0], count);
        GradCheck.of("index(" + Arrays.toString(rows.toLongArray()) + ")", x -> x[0].index(rows))
                .check(r.normal(shape));
    }

    @Property
    void whereRoutesTheGradientByTheMask(@ForAll(supplier = Shapes.BroadcastPair.class) int[][] shapes,
                                         @ForAll long seed) {
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
}
