package io.streamgrad.tensor;

import io.streamgrad.backend.ReduceOp;
import io.streamgrad.backend.Strided;

/** sum, mean, amax and amin over all or some dims, with keepdim. */
final class Reductions {
    private Reductions() {
    }

    /**
     * Marks the reduced dims; {@code dims == null} reduces all, and so does an empty list, as ATen's
     * {@code make_dim_mask} reads {@code dim=[]}.
     */
    static boolean[] reducedMask(int[] dims, int rank) {
        boolean[] mask = new boolean[rank];
        if (dims == null || dims.length == 0) {
            java.util.Arrays.fill(mask, true);
            return mask;
        }
        for (int d : dims) {
            int w = ShapeChecks.wrapDim(d, rank);
            if (rank > 0 && mask[w]) {
                throw new TensorException("dim " + w + " appears multiple times in the list of dims");
            }
            if (rank > 0) {
                mask[w] = true;
            }
        }
        return mask;
    }

    static int[] keptShape(int[] sizes, boolean[] mask) {
        int[] out = sizes.clone();
        for (int d = 0; d < out.length; d++) {
            if (mask[d]) {
                out[d] = 1;
            }
        }
        return out;
    }

    static int[] outputShape(int[] sizes, boolean[] mask, boolean keepdim) {
        if (keepdim) {
            return keptShape(sizes, mask);
        }
        int kept = 0;
        for (boolean reduced : mask) {
            kept += reduced ? 0 : 1;
        }
        int[] out = new int[kept];
        for (int d = 0, k = 0; d < sizes.length; d++) {
            if (!mask[d]) {
                out[k++] = sizes[d];
            }
        }
        return out;
    }

    /** Reduces without recording, keeping reduced dims as size 1. */
    static Tensor reduceKeepdim(Tensor x, ReduceOp op, boolean[] mask, DType outType) {
        Tensor src = x.dtype() == outType ? x : Conversions.castNoGrad(x, outType);
        Tensor out = Creation.empty(keptShape(x.sizes, mask), outType, x.device());
        int[] strides = out.strides.clone();
        for (int d = 0; d < mask.length; d++) {
            if (mask[d]) {
                strides[d] = 0;
            }
        }
        x.backend().reduce(op, src, Strided.of(out.storage, x.sizes, strides, 0));
        return out;
    }

    /** Gradient of a reduction output, reshaped to keepdim form so it broadcasts over the input. */
    static Tensor keepdimGrad(Tensor g, int[] inputSizes, boolean[] mask) {
        return g.reshape(keptShape(inputSizes, mask));
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        boolean[] mask = reducedMask(dims, x.dim());
        DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Tensor out = reduceKeepdim(x, ReduceOp.SUM, mask, type).reshape(outputShape(x.sizes, mask, keepdim));
        int[] sizes = x.sizes;
        return Recorder.record(out, dims == null ? "SumBackward0" : "SumBackward1", new Tensor[] {x},
                (g, s) -> new Tensor[] {keepdimGrad(g, sizes, mask).expand(sizes)});
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new TensorException("mean(): could not infer output dtype. Input dtype must be either a floating"
                    + " point or complex dtype. Got: " + x.dtype().legacyName());
        }
        boolean[] mask = reducedMask(dims, x.dim());
        long count = 1;
        for (int d = 0; d < mask.length; d++) {
            if (mask[d]) {
                count *= x.sizes[d];
            }
        }
        double n = count;
        Tensor summed = reduceKeepdim(x, ReduceOp.SUM, mask, DType.FLOAT64);
        Tensor out = Conversions.castNoGrad(summed.div(n), x.dtype()).reshape(outputShape(x.sizes, mask, keepdim));
        int[] sizes = x.sizes;
        return Recorder.record(out, dims == null ? "MeanBackward0" : "MeanBackward1", new Tensor[] {x},
                (g, s) -> new Tensor[] {keepdimGrad(g, sizes, mask).expand(sizes).div(n)});
    }

    /**
     * ATen's {@code zero_numel_check_dims}: an empty slice has no extreme, so each reduced dim of an empty tensor must
     * have elements (the kept dims may be empty: the result is then empty too), and the dims must be named.
     */
    private static void checkReducedDimsNonEmpty(Tensor x, int[] dims, String fn) {
        if (dims == null || dims.length == 0) {
            throw new TensorException(fn + ": Expected reduction dim to be specified for input.numel() == 0. Specify"
                    + " the reduction dim with the 'dim' argument.");
        }
        for (int d : dims) {
            if (x.sizes[ShapeChecks.wrapDim(d, x.dim())] == 0) {
                // PyTorch names the dim as it was given, unwrapped.
                throw new TensorException(fn + ": Expected reduction dim " + d + " to have non-zero size.");
            }
        }
    }

    static Tensor extreme(Tensor x, ReduceOp op, int[] dims, boolean keepdim) {
        if (x.numel() == 0) {
            checkReducedDimsNonEmpty(x, dims, op == ReduceOp.MAX ? "amax()" : "amin()");
        }
        boolean[] mask = reducedMask(dims, x.dim());
        Tensor kept = reduceKeepdim(x, op, mask, x.dtype());
        Tensor out = kept.reshape(outputShape(x.sizes, mask, keepdim));
        int[] sizes = x.sizes;
        String name = op == ReduceOp.MAX ? "AmaxBackward0" : "AminBackward0";
        return Recorder.record(out, name, new Tensor[] {x}, (g, s) -> {
            // The gradient is shared evenly among the elements equal to the extreme, as PyTorch does.
            Tensor hits = s[0].eq(s[1].reshape(keptShape(sizes, mask))).to(g.dtype());
            Tensor count = reduceKeepdim(hits, ReduceOp.SUM, mask, g.dtype());
            return new Tensor[] {keepdimGrad(g, sizes, mask).div(count).mul(hits)};
        }, x, out);
    }
}
