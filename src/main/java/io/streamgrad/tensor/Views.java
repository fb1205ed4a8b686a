package io.streamgrad.tensor;

import java.util.Arrays;

/**
 * Ops that return a view of their input's storage (transpose, view, unsqueeze, expand, select, ...), and
 * reshape, which copies only when no view is possible. Views share the input's version counter.
 */
final class Views {
    private Views() {
    }

    private static Tensor[] one(Tensor g) {
        return new Tensor[] {g};
    }

    static Tensor t(Tensor x) {
        if (x.dim() > 2) {
            throw new TensorException("t() expects a tensor with <= 2 dimensions, but self is " + x.dim() + "D");
        }
        Tensor out = x.dim() < 2 ? new Tensor(x, x.sizes.clone(), x.strides.clone(), x.offset)
                : new Tensor(x, new int[] {x.sizes[1], x.sizes[0]}, new int[] {x.strides[1], x.strides[0]}, x.offset);
        return Recorder.record(out, "TBackward0", new Tensor[] {x}, (g, s) -> one(g.t()));
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = ShapeChecks.wrapDim(dim0, x.dim());
        int b = ShapeChecks.wrapDim(dim1, x.dim());
        int[] sizes = x.sizes.clone();
        int[] strides = x.strides.clone();
        if (x.dim() > 0) {
            swap(sizes, a, b);
            swap(strides, a, b);
        }
        Tensor out = new Tensor(x, sizes, strides, x.offset);
        return Recorder.record(out, "TransposeBackward0", new Tensor[] {x}, (g, s) -> one(g.transpose(a, b)));
    }

    static void swap(int[] v, int i, int j) {
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }

    /** Strides that view {@code x} as {@code shape} without copying, or null (ATen's computeStride). */
    static int[] viewStrides(Tensor x, int[] shape) {
        int[] oldShape = x.sizes;
        int[] oldStride = x.strides;
        if (oldShape.length == 0 || x.numel() == 0) {
            return Creation.contiguousStrides(shape);
        }
        int[] newStride = new int[shape.length];
        int viewD = shape.length - 1;
        long chunkBase = oldStride[oldStride.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            tensorNumel *= oldShape[d];
            if (d == 0 || oldShape[d - 1] != 1 && oldStride[d - 1] != tensorNumel * chunkBase) {
                while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] == 1)) {
                    newStride[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= shape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = oldStride[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStride : null;
    }

    static Tensor view(Tensor x, int[] requested) {
        int[] shape = ShapeChecks.inferSize(requested, x.numel());
        int[] strides = viewStrides(x, shape);
        if (strides == null) {
            throw new TensorException("view size is not compatible with input tensor's size and stride (at least one"
                    + " dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
        }
        return viewAs(x, shape, strides, "ViewBackward0");
    }

    private static Tensor viewAs(Tensor x, int[] shape, int[] strides, String name) {
        Tensor out = new Tensor(x, shape, strides, x.offset);
        int[] sizes = x.sizes;
        return Recorder.record(out, name, new Tensor[] {x}, (g, s) -> one(g.reshape(sizes)));
    }

    static Tensor reshape(Tensor x, int[] requested) {
        int[] shape = ShapeChecks.inferSize(requested, x.numel());
        int[] strides = viewStrides(x, shape);
        if (strides != null) {
            return viewAs(x, shape, strides, "ViewBackward0");
        }
        Tensor copy = Conversions.castNoGrad(x, x.dtype());
        Tensor out = new Tensor(copy, shape, Creation.contiguousStrides(shape), 0);
        int[] sizes = x.sizes;
        return Recorder.record(out, "UnsafeViewBackward0", new Tensor[] {x}, (g, s) -> one(g.reshape(sizes)));
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = ShapeChecks.wrapDim(dim, x.dim() + 1);
        int[] sizes = new int[x.dim() + 1];
        int[] strides = new int[x.dim() + 1];
        for (int i = 0, j = 0; i < sizes.length; i++) {
            if (i == d) {
                sizes[i] = 1;
                strides[i] = d < x.dim() ? x.sizes[d] * x.strides[d] : 1;
            } else {
                sizes[i] = x.sizes[j];
                strides[i] = x.strides[j];
                j++;
            }
        }
        Tensor out = new Tensor(x, sizes, strides, x.offset);
        return Recorder.record(out, "UnsqueezeBackward0", new Tensor[] {x}, (g, s) -> one(g.squeeze(d)));
    }

    static Tensor squeeze(Tensor x) {
        int[] keep = java.util.stream.IntStream.range(0, x.dim()).filter(i -> x.sizes[i] != 1).toArray();
        Tensor out = new Tensor(x, pick(x.sizes, keep), pick(x.strides, keep), x.offset);
        int[] sizes = x.sizes;
        return Recorder.record(out, "SqueezeBackward0", new Tensor[] {x}, (g, s) -> one(g.reshape(sizes)));
    }

    /**
     * squeeze.dims: the listed dims of size 1 are removed, others kept; records {@code SqueezeBackward2}. A dim
     * listed twice is refused, as in PyTorch.
     */
    static Tensor squeeze(Tensor x, int[] dims) {
        boolean[] seen = new boolean[Math.max(x.dim(), 1)];
        boolean[] drop = new boolean[x.dim()];
        for (int dim : dims) {
            int d = ShapeChecks.wrapDim(dim, x.dim());
            if (seen[d]) {
                throw new TensorException("dim " + d + " appears multiple times in the list of dims");
            }
            seen[d] = true;
            if (x.dim() > 0 && x.sizes[d] == 1) {
                drop[d] = true;
            }
        }
        int[] keep = java.util.stream.IntStream.range(0, x.dim()).filter(i -> !drop[i]).toArray();
        Tensor out = new Tensor(x, pick(x.sizes, keep), pick(x.strides, keep), x.offset);
        int[] sizes = x.sizes.clone();
        return Recorder.record(out, "SqueezeBackward2", new Tensor[] {x}, (g, s) -> one(g.reshape(sizes)));
    }

    static Tensor squeeze(Tensor x, int dim) {
        return squeezeNamed(x, dim, "SqueezeBackward1");
    }

    /** squeeze(dim) recorded under {@code name}: matmul's vector cases record PyTorch's in-place squeeze_. */
    static Tensor squeezeNamed(Tensor x, int dim, String name) {
        int d = ShapeChecks.wrapDim(dim, x.dim());
        if (x.dim() == 0 || x.sizes[d] != 1) {
            Tensor out = new Tensor(x, x.sizes.clone(), x.strides.clone(), x.offset);
            return Recorder.record(out, name, new Tensor[] {x}, (g, s) -> one(g));
        }
        int[] keep = java.util.stream.IntStream.range(0, x.dim()).filter(i -> i != d).toArray();
        Tensor out = new Tensor(x, pick(x.sizes, keep), pick(x.strides, keep), x.offset);
        return Recorder.record(out, name, new Tensor[] {x}, (g, s) -> one(g.unsqueeze(d)));
    }

    private static int[] pick(int[] values, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    static Tensor expand(Tensor x, int[] requested) {
        if (requested.length < x.dim()) {
            throw new TensorException("expand(" + x.typeName() + "{" + Arrays.toString(x.sizes) + "}, size="
                    + Arrays.toString(requested) + "): the number of sizes provided (" + requested.length
                    + ") must be greater or equal to the number of dimensions in the tensor (" + x.dim() + ")");
        }
        int shift = requested.length - x.dim();
        int[] sizes = new int[requested.length];
        for (int i = 0; i < requested.length; i++) {
            int d = i - shift;
            int want = requested[i];
            if (d < 0) {
                if (want < 0) {
                    throw new TensorException("The expanded size of the tensor (" + want + ") isn't allowed in a leading,"
                            + " non-existing dimension " + i);
                }
                sizes[i] = want;
            } else if (want == -1) {
                sizes[i] = x.sizes[d];
            } else if (x.sizes[d] != 1 && x.sizes[d] != want) {
                throw new TensorException("The expanded size of the tensor (" + want + ") must match the existing size ("
                        + x.sizes[d] + ") at non-singleton dimension " + i + ".  Target sizes: "
                        + Arrays.toString(requested) + ".  Tensor sizes: " + Arrays.toString(x.sizes));
            } else {
                sizes[i] = want;
            }
        }
        Tensor out = new Tensor(x, sizes, ShapeChecks.expandedStrides(x.sizes, x.strides, sizes), x.offset);
        int[] original = x.sizes;
        return Recorder.record(out, "ExpandBackward0", new Tensor[] {x},
                (g, s) -> one(Elementwise.sumToSize(g, original)));
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.dim() == 0) {
            return x.reshape(1);
        }
        int start = ShapeChecks.wrapDim(startDim, x.dim());
        int end = ShapeChecks.wrapDim(endDim, x.dim());
        if (start > end) {
            throw new TensorException("flatten() has invalid args: start_dim cannot come after end_dim");
        }
        if (start == end) {
            return x;
        }
        int[] shape = new int[x.dim() - (end - start)];
        int k = 0;
        for (int i = 0; i < start; i++) {
            shape[k++] = x.sizes[i];
        }
        int merged = 1;
        for (int i = start; i <= end; i++) {
            merged *= x.sizes[i];
        }
        shape[k++] = merged;
        for (int i = end + 1; i < x.dim(); i++) {
            shape[k++] = x.sizes[i];
        }
        return x.reshape(shape);
    }

    static Tensor select(Tensor x, int dim, int index) {
        if (x.dim() == 0) {
            throw new TensorException("select() cannot be applied to a 0-dim tensor.");
        }
        int d = ShapeChecks.wrapDim(dim, x.dim());
        int size = x.sizes[d];
        if (index < -size || index >= size) {
            throw new TensorException("select(): index " + index + " out of range for tensor of size "
                    + Arrays.toString(x.sizes) + " at dimension " + d);
        }
        int i = index < 0 ? index + size : index;
        int[] keep = java.util.stream.IntStream.range(0, x.dim()).filter(k -> k != d).toArray();
        Tensor out = new Tensor(x, pick(x.sizes, keep), pick(x.strides, keep), x.offset + i * x.strides[d]);
        int[] sizes = x.sizes;
        return Recorder.record(out, "SelectBackward0", new Tensor[] {x}, (g, s) -> {
            Tensor full = Creation.empty(sizes.clone(), g.dtype(), g.device());
            full.select(d, i).copyFrom(g);
            return one(full);
        });
    }

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = ShapeChecks.wrapDim(dim, x.dim());
        int size = x.sizes[d];
        int from = start < 0 ? start + size : start;
        if (from < 0 || length < 0 || from + length > size) {
            throw new TensorException("start (" + start + ") + length (" + length + ") exceeds dimension size ("
                    + size + ").");
        }
        int[] sizes = x.sizes.clone();
        sizes[d] = length;
        Tensor out = new Tensor(x, sizes, x.strides.clone(), x.offset + from * x.strides[d]);
        int[] original = x.sizes;
        return Recorder.record(out, "SliceBackward0", new Tensor[] {x}, (g, s) -> {
            Tensor full = Creation.empty(original.clone(), g.dtype(), g.device());
            full.narrow(d, from, length).copyFrom(g);
            return one(full);
        });
    }
}
