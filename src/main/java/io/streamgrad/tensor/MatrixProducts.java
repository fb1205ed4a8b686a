package io.streamgrad.tensor;

import io.streamgrad.backend.Strided;

import java.util.Arrays;

/**
 * mm, matmul in all its forms, and their backward rules. Batched products are computed by one fused op
 * recorded under the name PyTorch's decomposition ends with ({@code UnsafeViewBackward0}).
 */
final class MatrixProducts {
    private MatrixProducts() {
    }

    private static void checkFloatPair(Tensor a, Tensor b, String op) {
        if (a.dtype() != b.dtype()) {
            throw new TensorException("expected m1 and m2 to have the same dtype, but got: "
                    + a.dtype().pythonName().replace("float32", "float").replace("float64", "double") + " != "
                    + b.dtype().pythonName().replace("float32", "float").replace("float64", "double"));
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new TensorException("\"" + op + "\" not implemented for '" + a.dtype().legacyName() + "'");
        }
        Elementwise.commonDevice(a, b);
    }

    /** [B?, M, K] · [B?, K, N] without autograd; both operands already 3-D with broadcast batch. */
    static Tensor product3d(Tensor a, Tensor b) {
        int batch = a.sizes[0];
        Tensor out = Creation.empty(new int[] {batch, a.sizes[1], b.sizes[2]}, a.dtype(), a.device());
        a.backend().matmul(a, b, out);
        return out;
    }

    /** Plain 2-D product without autograd. */
    static Tensor product2d(Tensor a, Tensor b) {
        Strided a3 = Strided.of(a.storage, new int[] {1, a.sizes[0], a.sizes[1]},
                new int[] {0, a.strides[0], a.strides[1]}, a.offset);
        Strided b3 = Strided.of(b.storage, new int[] {1, b.sizes[0], b.sizes[1]},
                new int[] {0, b.strides[0], b.strides[1]}, b.offset);
        Tensor out = Creation.empty(new int[] {a.sizes[0], b.sizes[1]}, a.dtype(), a.device());
        a.backend().matmul(a3, b3, Strided.of(out.storage, new int[] {1, a.sizes[0], b.sizes[1]},
                new int[] {0, b.sizes[1], 1}, 0));
        return out;
    }

    static Tensor mm(Tensor a, Tensor b) {
        if (a.dim() != 2) {
            throw new TensorException("self must be a matrix");
        }
        if (b.dim() != 2) {
            throw new TensorException("mat2 must be a matrix");
        }
        checkMatmulShapes(a.sizes[0], a.sizes[1], b.sizes[0], b.sizes[1]);
        checkFloatPair(a, b, "addmm_impl_cpu_");
        Tensor out = product2d(a, b);
        // Only the products whose gradient is needed: each is as costly as the forward.
        boolean needA = a.requiresGrad();
        boolean needB = b.requiresGrad();
        return Recorder.record(out, "MmBackward0", new Tensor[] {a, b}, (g, s) -> new Tensor[] {
            needA ? product2d(g, s[1].t()) : null,
            needB ? product2d(s[0].t(), g) : null}, a, b);
    }

    static void checkMatmulShapes(int m, int k1, int k2, int n) {
        if (k1 != k2) {
            throw new TensorException("mat1 and mat2 shapes cannot be multiplied (" + m + "x" + k1 + " and " + k2 + "x"
                    + n + ")");
        }
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new TensorException("both arguments to matmul need to be at least 1D, but they are " + a.dim()
                    + "D and " + b.dim() + "D");
        }
        if (a.dim() == 1 && b.dim() == 1) {
            return dot(a, b);
        }
        if (a.dim() == 2 && b.dim() == 1) {
            return mv(a, b);
        }
        if (a.dim() == 1 && b.dim() == 2) {
            // PyTorch: unsqueeze(0), mm, then an in-place squeeze_ that names the result's grad_fn.
            return Views.squeezeNamed(mm(a.unsqueeze(0), b), 0, "SqueezeBackward4");
        }
        if (a.dim() == 2 && b.dim() == 2) {
            return mm(a, b);
        }
        return batched(a, b);
    }

    private static Tensor dot(Tensor a, Tensor b) {
        if (a.sizes[0] != b.sizes[0]) {
            throw new TensorException("inconsistent tensor size, expected tensor [" + a.sizes[0] + "] and src ["
                    + b.sizes[0] + "] to have the same number of elements, but got " + a.sizes[0] + " and "
                    + b.sizes[0] + " elements respectively");
        }
        checkFloatPair(a, b, "dot");
        Tensor out = product2d(a.unsqueeze(0).detach(), b.unsqueeze(1).detach()).reshape();
        return Recorder.record(out, "DotBackward0", new Tensor[] {a, b},
                (g, s) -> new Tensor[] {s[1].mul(g), s[0].mul(g)}, a, b);
    }

    private static Tensor mv(Tensor a, Tensor v) {
        if (a.sizes[1] != v.sizes[0]) {
            throw new TensorException("size mismatch, got input (" + a.sizes[0] + "), mat (" + a.sizes[0] + "x"
                    + a.sizes[1] + "), vec (" + v.sizes[0] + ")");
        }
        checkFloatPair(a, v, "addmv_impl_cpu");
        Tensor out = product2d(a.detach(), v.unsqueeze(1).detach()).reshape(a.sizes[0]);
        return Recorder.record(out, "MvBackward0", new Tensor[] {a, v}, (g, s) -> new Tensor[] {
            product2d(g.unsqueeze(1), s[1].unsqueeze(0)),
            product2d(s[0].t(), g.unsqueeze(1)).reshape(s[1].sizes[0])}, a, v);
    }

    /** matmul with at least one operand of 3+ dims: broadcast batch dims, one fused product. */
    private static Tensor batched(Tensor a, Tensor b) {
        checkFloatPair(a, b, "bmm");
        int[] am = a.dim() == 1 ? new int[] {1, a.sizes[0]} : a.sizes;
        int[] bm = b.dim() == 1 ? new int[] {b.sizes[0], 1} : b.sizes;
        int m = am[am.length - 2];
        int k = am[am.length - 1];
        int k2 = bm[bm.length - 2];
        int n = bm[bm.length - 1];
        int[] batchA = Arrays.copyOf(am, am.length - 2);
        int[] batchB = Arrays.copyOf(bm, bm.length - 2);
        if (k != k2) {
            throw new TensorException("Expected size for first two dimensions of batch2 tensor to be: ["
                    + (int) Shape.numel(ShapeChecks.broadcast(batchA, batchB)) + ", " + k + "] but got: ["
                    + (int) Shape.numel(ShapeChecks.broadcast(batchA, batchB)) + ", " + k2 + "].");
        }
        int[] batch = ShapeChecks.broadcast(batchA, batchB);
        int batches = (int) Shape.numel(batch);
        Tensor a3 = expandTo(a.detach().reshape(am), batch, m, k).reshape(batches, m, k);
        Tensor b3 = expandTo(b.detach().reshape(bm), batch, k, n).reshape(batches, k, n);
        int[] outShape = outputShape(a, b, batch, m, n);
        Tensor out = product3d(a3, b3).reshape(outShape);
        int[] aSizes = a.sizes;
        int[] bSizes = b.sizes;
        boolean needA = a.requiresGrad();
        boolean needB = b.requiresGrad();
        return Recorder.record(out, "UnsafeViewBackward0", new Tensor[] {a, b}, (g, s) -> {
            Tensor g3 = g.reshape(batches, m, n);
            Tensor ga = needA ? product3d(g3, b3.transpose(1, 2)).reshape(concat(batch, m, k)) : null;
            Tensor gb = needB ? product3d(a3.transpose(1, 2), g3).reshape(concat(batch, k, n)) : null;
            return new Tensor[] {
                ga == null ? null : Elementwise.sumToSize(ga, am).reshape(aSizes),
                gb == null ? null : Elementwise.sumToSize(gb, bm).reshape(bSizes)};
        }, a, b);
    }

    private static Tensor expandTo(Tensor t, int[] batch, int rows, int cols) {
        return t.expand(concat(batch, rows, cols)).contiguous();
    }

    static int[] concat(int[] batch, int rows, int cols) {
        int[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = rows;
        out[batch.length + 1] = cols;
        return out;
    }

    private static int[] outputShape(Tensor a, Tensor b, int[] batch, int m, int n) {
        int extra = (a.dim() == 1 ? 0 : 1) + (b.dim() == 1 ? 0 : 1);
        int[] out = Arrays.copyOf(batch, batch.length + extra);
        int i = batch.length;
        if (a.dim() != 1) {
            out[i++] = m;
        }
        if (b.dim() != 1) {
            out[i] = n;
        }
        return out;
    }
}
