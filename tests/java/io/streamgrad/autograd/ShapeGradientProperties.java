package io.streamgrad.autograd;

import java.util.Arrays;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;

/**
 * The view ops (t, transpose, view, unsqueeze, squeeze, expand, select, narrow) and the ops that are views
 * when the strides allow and copies otherwise (reshape, flatten), on contiguous and transposed inputs.
 */
@PropertyDefaults(tries = 100)
class ShapeGradientProperties {

    @Property
    void tOfAtMostTwoDims(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        int[] small = Arrays.copyOf(shape, Math.min(shape.length, 2));
        GradCheck.of("t", x -> x[0].t()).check(new RandomTensors(seed).normal(small));
    }

    @Property
    void transposeOfAnyTwoDims(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int a = r.dim(shape.length);
        int b = r.dim(shape.length);
        GradCheck.of("transpose(" + a + ", " + b + ")", x -> x[0].transpose(a, b)).check(r.normal(shape));
    }

    @Property
    void viewOfAContiguousTensor(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] target = r.reshapeTarget(shape);
        GradCheck.of("view(" + Arrays.toString(target) + ")", x -> x[0].view(target)).check(r.normal(shape));
    }

    @Property
    void reshapeOfAContiguousTensor(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] target = r.reshapeTarget(shape);
        GradCheck.of("reshape(" + Arrays.toString(target) + ")", x -> x[0].reshape(target)).check(r.normal(shape));
    }

    /** After a transpose most targets are not views: reshape copies, and the copy's backward is checked. */
    @Property
    void reshapeOfATransposedTensor(@ForAll(supplier = Shapes.AtLeast2D.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] target = r.reshapeTarget(shape);
        GradCheck.of("transpose(0, -1).reshape(" + Arrays.toString(target) + ")",
                x -> x[0].transpose(0, -1).reshape(target)).check(r.normal(shape));
    }

    @Property
    void unsqueezeAtEveryPosition(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length + 1);
        GradCheck.of("unsqueeze(" + dim + ")", x -> x[0].unsqueeze(dim)).check(r.normal(shape));
        GradCheck.of("transpose(0, -1).unsqueeze(" + dim + ")", x -> x[0].transpose(0, -1).unsqueeze(dim))
                .check(r.normal(shape));
    }

    @Property
    void squeezeOfAllOrOneDim(@ForAll(supplier = Shapes.AnyRank.class) int[] sizes, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] shape = r.withOnes(sizes);
        int dim = r.dim(shape.length);
        GradCheck.of("squeeze()", x -> x[0].squeeze()).check(r.normal(shape));
        GradCheck.of("squeeze(" + dim + ")", x -> x[0].squeeze(dim)).check(r.normal(shape));
    }

    @Property
    void expandOfSizeOneDimsAndNewLeadingDims(@ForAll(supplier = Shapes.AnyRank.class) int[] sizes,
                                              @ForAll long seed) {
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

    @Property
    void flattenOfAnyDimRange(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
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

    @Property
    void selectAndGetScatterTheGradientIntoOneSlice(@ForAll(supplier = Shapes.AtLeast1D.class) int[] shape,
                                                    @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        int size = shape[Math.floorMod(dim, shape.length)];
        int index = r.between(-size, size - 1);
        int row = r.between(-shape[0], shape[0] - 1);
        GradCheck.of("select(" + dim + ", " + index + ")", x -> x[0].select(dim, index)).check(r.normal(shape));
        GradCheck.of("get(" + row + ")", x -> x[0].get(row)).check(r.normal(shape));
    }

    @Property
    void narrowScattersTheGradientIntoARange(@ForAll(supplier = Shapes.AtLeast1D.class) int[] shape,
                                             @ForAll long seed) {
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
}
