package io.streamgrad.autograd;

import java.util.Arrays;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;

/**
 * sum, mean, amax and amin over all dims, one dim and lists of dims, with and without keepdim; softmax and
 * log_softmax over every dim. amax and amin see pairwise distinct values, so there are no ties.
 */
@PropertyDefaults(tries = 100)
class ReductionGradientProperties {

    @Property
    void sumOfAllElements(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        GradCheck.of("sum()", x -> x[0].sum()).check(new RandomTensors(seed).normal(shape));
    }

    @Property
    void sumOverOneDim(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll boolean keepdim,
                       @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        GradCheck.of("sum(dim=" + dim + ", keepdim=" + keepdim + ")", x -> x[0].sum(dim, keepdim))
                .check(r.normal(shape));
    }

    @Property
    void sumOverADimList(@ForAll(supplier = Shapes.AtLeast1D.class) int[] shape, @ForAll boolean keepdim,
                         @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] dims = r.dims(shape.length);
        GradCheck.of("sum(dim=" + Arrays.toString(dims) + ", keepdim=" + keepdim + ")", x -> x[0].sum(dims, keepdim))
                .check(r.normal(shape));
    }

    @Property
    void meanOfAllElements(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        GradCheck.of("mean()", x -> x[0].mean()).check(new RandomTensors(seed).normal(shape));
    }

    @Property
    void meanOverOneDim(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll boolean keepdim,
                        @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        GradCheck.of("mean(dim=" + dim + ", keepdim=" + keepdim + ")", x -> x[0].mean(dim, keepdim))
                .check(r.normal(shape));
    }

    @Property
    void meanOverADimList(@ForAll(supplier = Shapes.AtLeast1D.class) int[] shape, @ForAll boolean keepdim,
                          @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] dims = r.dims(shape.length);
        GradCheck.of("mean(dim=" + Arrays.toString(dims) + ", keepdim=" + keepdim + ")",
                x -> x[0].mean(dims, keepdim)).check(r.normal(shape));
    }

    @Property
    void amaxAndAminOfAllElementsRouteTheGradientToTheExtreme(
            @ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        GradCheck.of("amax()", x -> x[0].amax()).check(r.distinct(shape));
        GradCheck.of("amin()", x -> x[0].amin()).check(r.distinct(shape));
    }

    @Property
    void amaxAndAminOverOneDim(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll boolean keepdim,
                               @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int dim = r.dim(shape.length);
        GradCheck.of("amax(dim=" + dim + ", keepdim=" + keepdim + ")", x -> x[0].amax(dim, keepdim))
                .check(r.distinct(shape));
        GradCheck.of("amin(dim=" + dim + ", keepdim=" + keepdim + ")", x -> x[0].amin(dim, keepdim))
                .check(r.distinct(shape));
    }

    @Property
    void amaxAndAminOverADimList(@ForAll(supplier = Shapes.AtLeast1D.class) int[] shape, @ForAll boolean keepdim,
                                 @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        int[] dims = r.dims(shape.length);
        String args = "(dim=" + Arrays.toString(dims) + ", keepdim=" + keepdim + ")";
        GradCheck.of("amax" + args, x -> x[0].amax(dims, keepdim)).check(r.distinct(shape));
        GradCheck.of("amin" + args, x -> x[0].amin(dims, keepdim)).check(r.distinct(shape));
    }

    @Property
    void softmaxOverEveryDim(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        for (int dim = -Math.max(shape.length, 1); dim < Math.max(shape.length, 1); dim++) {
            int d = dim;
            GradCheck.of("softmax(dim=" + d + ")", x -> x[0].softmax(d)).check(r.normal(shape));
        }
    }

    @Property
    void logSoftmaxOverEveryDim(@ForAll(supplier = Shapes.AnyRank.class) int[] shape, @ForAll long seed) {
        RandomTensors r = new RandomTensors(seed);
        for (int dim = -Math.max(shape.length, 1); dim < Math.max(shape.length, 1); dim++) {
            int d = dim;
            GradCheck.of("logSoftmax(dim=" + d + ")", x -> x[0].logSoftmax(d)).check(r.normal(shape));
        }
    }
}
