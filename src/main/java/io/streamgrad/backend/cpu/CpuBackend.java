package io.streamgrad.backend.cpu;

import io.streamgrad.backend.Backend;
import io.streamgrad.backend.BinaryOp;
import io.streamgrad.backend.Layouts;
import io.streamgrad.backend.ReduceOp;
import io.streamgrad.backend.Storage;
import io.streamgrad.backend.Strided;
import io.streamgrad.backend.StridedLoop;
import io.streamgrad.backend.UnaryOp;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;

/**
 * The CPU backend: Java arrays and plain loops. Element-wise kernels work on innermost runs handed out by
 * {@link StridedLoop}; the common contiguous float cases get explicit loops the JIT vectorizes. Matrix
 * products go to {@link Gemm}. Results are deterministic: no kernel splits a sum across threads.
 */
public final class CpuBackend implements Backend {
    private static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    /** The single, stateless instance. */
    public static CpuBackend get() {
        return INSTANCE;
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public Storage allocate(DType dtype, int length) {
        return CpuStorage.allocate(dtype, length);
    }

    @Override
    public Storage fromHost(Object array) {
        return CpuStorage.wrap(switch (array) {
            case float[] a -> a.clone();
            case double[] a -> a.clone();
            case long[] a -> a.clone();
            case boolean[] a -> a.clone();
            default -> throw new IllegalArgumentException("unsupported host array " + array.getClass());
        });
    }

    @Override
    public Object toHost(Strided src) {
        int n = 1;
        for (int s : src.sizes()) {
            n *= s;
        }
        CpuStorage out = CpuStorage.allocate(src.dtype(), n);
        copy(src, Strided.of(out, src.sizes(), Layouts.contiguousStrides(src.sizes()), 0));
        return out.array();
    }

    /** Whether the view covers its storage from offset 0 in row-major order: one flat run of elements. */
    private static boolean flat(Strided s, int[] sizes) {
        return s.storageOffset() == 0 && java.util.Arrays.equals(s.sizes(), sizes)
                && Layouts.isContiguous(sizes, s.strides());
    }

    private static int numel(int[] sizes) {
        int n = 1;
        for (int s : sizes) {
            n *= s;
        }
        return n;
    }

    private static CpuStorage cpu(Strided s) {
        return (CpuStorage) s.storage();
    }

    @Override
    public void copy(Strided src, Strided dst) {
        CpuStorage from = cpu(src);
        CpuStorage to = cpu(dst);
        int[][] strides = {src.strides(), dst.strides()};
        int[] offsets = {src.storageOffset(), dst.storageOffset()};
        if (from.dtype() == to.dtype()) {
            Object a = from.array();
            Object b = to.array();
            StridedLoop.forEachRun(src.sizes(), strides, offsets, (o, s, n) -> copySame(a, o[0], s[0], b, o[1], s[1], n));
        } else if (from.dtype() == DType.INT64 || to.dtype() == DType.INT64) {
            StridedLoop.forEachRun(src.sizes(), strides, offsets, (o, s, n) -> {
                for (int i = 0, x = o[0], y = o[1]; i < n; i++, x += s[0], y += s[1]) {
                    to.setLong(y, from.getLong(x));
                }
            });
        } else {
            StridedLoop.forEachRun(src.sizes(), strides, offsets, (o, s, n) -> {
                for (int i = 0, x = o[0], y = o[1]; i < n; i++, x += s[0], y += s[1]) {
                    to.setDouble(y, from.getDouble(x));
                }
            });
        }
    }

    private static void copySame(Object a, int x, int sx, Object b, int y, int sy, int n) {
        if (sx == 1 && sy == 1) {
            System.arraycopy(a, x, b, y, n);
            return;
        }
        switch (a) {
            case float[] f -> {
                float[] g = (float[]) b;
                for (int i = 0; i < n; i++, x += sx, y += sy) {
                    g[y] = f[x];
                }
            }
            case double[] f -> {
                double[] g = (double[]) b;
                for (int i = 0; i < n; i++, x += sx, y += sy) {
                    g[y] = f[x];
                }
            }
            case long[] f -> {
                long[] g = (long[]) b;
                for (int i = 0; i < n; i++, x += sx, y += sy) {
                    g[y] = f[x];
                }
            }
            case boolean[] f -> {
                boolean[] g = (boolean[]) b;
                for (int i = 0; i < n; i++, x += sx, y += sy) {
                    g[y] = f[x];
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    @Override
    public void fill(Strided dst, double value) {
        CpuStorage to = cpu(dst);
        StridedLoop.forEachRun(dst.sizes(), new int[][] {dst.strides()}, new int[] {dst.storageOffset()}, (o, s, n) -> {
            for (int i = 0, y = o[0]; i < n; i++, y += s[0]) {
                to.setDouble(y, value);
            }
        });
    }

    @Override
    public void unary(UnaryOp op, double p, double q, Strided src, Strided dst) {
        int[][] strides = {src.strides(), dst.strides()};
        int[] offsets = {src.storageOffset(), dst.storageOffset()};
        int[] sizes = src.sizes();
        if (src.dtype() == DType.FLOAT32 && flat(src, sizes) && flat(dst, sizes)) {
            float[] a = cpu(src).floats();
            float[] d = cpu(dst).floats();
            for (int i = 0, n = numel(sizes); i < n; i++) {
                d[i] = op.apply(a[i], p, q);
            }
            return;
        }
        switch (src.dtype()) {
            case FLOAT32 -> {
                float[] a = cpu(src).floats();
                float[] d = cpu(dst).floats();
                StridedLoop.forEachRun(src.sizes(), strides, offsets, (o, s, n) -> {
                    for (int i = 0, x = o[0], y = o[1]; i < n; i++, x += s[0], y += s[1]) {
                        d[y] = op.apply(a[x], p, q);
                    }
                });
            }
            case FLOAT64 -> {
                double[] a = cpu(src).doubles();
                double[] d = cpu(dst).doubles();
                StridedLoop.forEachRun(src.sizes(), strides, offsets, (o, s, n) -> {
                    for (int i = 0, x = o[0], y = o[1]; i < n; i++, x += s[0], y += s[1]) {
                        d[y] = op.apply(a[x], p, q);
                    }
                });
            }
            case INT64 -> {
                long[] a = cpu(src).longs();
                long[] d = cpu(dst).longs();
                StridedLoop.forEachRun(src.sizes(), strides, offsets, (o, s, n) -> {
                    for (int i = 0, x = o[0], y = o[1]; i < n; i++, x += s[0], y += s[1]) {
                        d[y] = op.apply(a[x], p, q);
                    }
                });
            }
            case BOOL -> throw new UnsupportedOperationException(op + " is not defined for bool tensors");
        }
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Strided dst) {
        int[][] strides = {a.strides(), b.strides(), dst.strides()};
        int[] offsets = {a.storageOffset(), b.storageOffset(), dst.storageOffset()};
        if (op.isComparison()) {
            compare(op, a, b, dst, strides, offsets);
            return;
        }
        int[] sizes = dst.sizes();
        if (a.dtype() == DType.FLOAT32 && flat(a, sizes) && flat(b, sizes) && flat(dst, sizes)) {
            FloatKernels.binary(op, cpu(a).floats(), cpu(b).floats(), cpu(dst).floats(), new int[3],
                    new int[] {1, 1, 1}, numel(sizes));
            return;
        }
        switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = cpu(a).floats();
                float[] y = cpu(b).floats();
                float[] d = cpu(dst).floats();
                StridedLoop.forEachRun(a.sizes(), strides, offsets, (o, s, n) -> FloatKernels.binary(op, x, y, d, o, s, n));
            }
            case FLOAT64 -> {
                double[] x = cpu(a).doubles();
                double[] y = cpu(b).doubles();
                double[] d = cpu(dst).doubles();
                StridedLoop.forEachRun(a.sizes(), strides, offsets, (o, s, n) -> {
                    for (int i = 0, p = o[0], q = o[1], r = o[2]; i < n; i++, p += s[0], q += s[1], r += s[2]) {
                        d[r] = op.apply(x[p], y[q]);
                    }
                });
            }
            case INT64 -> {
                long[] x = cpu(a).longs();
                long[] y = cpu(b).longs();
                long[] d = cpu(dst).longs();
                StridedLoop.forEachRun(a.sizes(), strides, offsets, (o, s, n) -> {
                    for (int i = 0, p = o[0], q = o[1], r = o[2]; i < n; i++, p += s[0], q += s[1], r += s[2]) {
                        d[r] = op.apply(x[p], y[q]);
                    }
                });
            }
            case BOOL -> {
                boolean[] x = cpu(a).bools();
                boolean[] y = cpu(b).bools();
                boolean[] d = cpu(dst).bools();
                StridedLoop.forEachRun(a.sizes(), strides, offsets, (o, s, n) -> {
                    for (int i = 0, p = o[0], q = o[1], r = o[2]; i < n; i++, p += s[0], q += s[1], r += s[2]) {
                        d[r] = op.apply(x[p] ? 1L : 0L, y[q] ? 1L : 0L) != 0L;
                    }
                });
            }
        }
    }

    private static void compare(BinaryOp op, Strided a, Strided b, Strided dst, int[][] strides, int[] offsets) {
        CpuStorage x = cpu(a);
        CpuStorage y = cpu(b);
        boolean[] d = cpu(dst).bools();
        boolean integral = a.dtype() == DType.INT64 || a.dtype() == DType.BOOL;
        StridedLoop.forEachRun(a.sizes(), strides, offsets, (o, s, n) -> {
            for (int i = 0, p = o[0], q = o[1], r = o[2]; i < n; i++, p += s[0], q += s[1], r += s[2]) {
                d[r] = integral ? op.test(x.getLong(p), y.getLong(q)) : op.test(x.getDouble(p), y.getDouble(q));
            }
        });
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Strided dst) {
        boolean[] c = cpu(cond).bools();
        Object x = cpu(a).array();
        Object y = cpu(b).array();
        Object d = cpu(dst).array();
        int[][] strides = {cond.strides(), a.strides(), b.strides(), dst.strides()};
        int[] offsets = {cond.storageOffset(), a.storageOffset(), b.storageOffset(), dst.storageOffset()};
        StridedLoop.forEachRun(cond.sizes(), strides, offsets, (o, s, n) -> {
            for (int i = 0, k = o[0], p = o[1], q = o[2], r = o[3]; i < n;
                    i++, k += s[0], p += s[1], q += s[2], r += s[3]) {
                if (c[k]) {
                    System.arraycopy(x, p, d, r, 1);
                } else {
                    System.arraycopy(y, q, d, r, 1);
                }
            }
        });
    }

    @Override
    public void reduce(ReduceOp op, Strided src, Strided dst) {
        CpuStorage from = cpu(src);
        CpuStorage to = cpu(dst);
        int[][] strides = {src.strides(), dst.strides()};
        int[] offsets = {src.storageOffset(), dst.storageOffset()};
        if (src.dtype() == DType.INT64) {
            long[] acc = new long[to.length()];
            java.util.Arrays.fill(acc, switch (op) {
                case SUM -> 0L;
                case MAX -> Long.MIN_VALUE;
                case MIN -> Long.MAX_VALUE;
            });
            long[] x = from.longs();
            StridedLoop.forEachRun(src.sizes(), strides, offsets, (o, s, n) -> {
                for (int i = 0, p = o[0], r = o[1]; i < n; i++, p += s[0], r += s[1]) {
                    acc[r] = switch (op) {
                        case SUM -> acc[r] + x[p];
                        case MAX -> Math.max(acc[r], x[p]);
                        case MIN -> Math.min(acc[r], x[p]);
                    };
                }
            });
            writeBack(dst, to, (i) -> to.setLong(i, acc[i]));
            return;
        }
        if (op == ReduceOp.SUM && src.dtype() == DType.FLOAT32 && dst.dtype() == DType.FLOAT32) {
            sumFloat32(src, dst);
            return;
        }
        double[] acc = new double[to.length()];
        java.util.Arrays.fill(acc, switch (op) {
            case SUM -> 0.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        });
        StridedLoop.forEachRun(src.sizes(), strides, offsets, (o, s, n) -> {
            for (int i = 0, p = o[0], r = o[1]; i < n; i++, p += s[0], r += s[1]) {
                double v = from.getDouble(p);
                double cur = acc[r];
                acc[r] = switch (op) {
                    case SUM -> cur + v;
                    case MAX -> v > cur || Double.isNaN(v) ? v : cur;
                    case MIN -> v < cur || Double.isNaN(v) ? v : cur;
                };
            }
        });
        writeBack(dst, to, (i) -> to.setDouble(i, acc[i]));
    }

    /**
     * float32 sums rounded as PyTorch rounds them: each output sums its inputs with {@link CascadeSum}, over
     * the contiguous run directly when the reduced dims are innermost and contiguous.
     */
    private static void sumFloat32(Strided src, Strided dst) {
        int[] sizes = src.sizes();
        int[] ss = src.strides();
        int[] ds = dst.strides();
        int reducedDims = 0;
        for (int d = 0; d < sizes.length; d++) {
            reducedDims += ds[d] == 0 && sizes[d] > 1 ? 1 : 0;
        }
        int[] keptSizes = new int[sizes.length - reducedDims];
        int[] keptSrc = new int[keptSizes.length];
        int[] keptDst = new int[keptSizes.length];
        int[] redSizes = new int[reducedDims];
        int[] redStrides = new int[reducedDims];
        for (int d = 0, k = 0, r = 0; d < sizes.length; d++) {
            if (ds[d] == 0 && sizes[d] > 1) {
                redSizes[r] = sizes[d];
                redStrides[r++] = ss[d];
            } else {
                keptSizes[k] = sizes[d];
                keptSrc[k] = ss[d];
                keptDst[k++] = ds[d];
            }
        }
        int count = 1;
        for (int r : redSizes) {
            count *= r;
        }
        boolean contiguousRun = java.util.Arrays.equals(redStrides, Layouts.contiguousStrides(redSizes));
        float[] in = cpu(src).floats();
        float[] out = cpu(dst).floats();
        float[] gathered = contiguousRun ? null : new float[count];
        int n = count;
        StridedLoop.forEachRun(keptSizes, new int[][] {keptSrc, keptDst},
                new int[] {src.storageOffset(), dst.storageOffset()}, (o, s, len) -> {
                for (int i = 0, p = o[0], r = o[1]; i < len; i++, p += s[0], r += s[1]) {
                    if (contiguousRun) {
                        out[r] = CascadeSum.innerSum(in, p, n);
                    } else {
                        gather(in, p, redSizes, redStrides, gathered);
                        out[r] = CascadeSum.sequenceSum(gathered, 0, 1, n);
                    }
                }
            });
    }

    private static void gather(float[] in, int base, int[] sizes, int[] strides, float[] into) {
        int[] k = {0};
        StridedLoop.forEachRun(sizes, new int[][] {strides}, new int[] {base}, (o, s, len) -> {
            for (int i = 0, p = o[0]; i < len; i++, p += s[0]) {
                into[k[0]++] = in[p];
            }
        });
    }

    /** Visits each distinct storage position of a reduction's destination once. */
    private static void writeBack(Strided dst, CpuStorage to, java.util.function.IntConsumer write) {
        int[] sizes = dst.sizes().clone();
        int[] strides = dst.strides();
        for (int d = 0; d < sizes.length; d++) {
            if (strides[d] == 0) {
                sizes[d] = 1;
            }
        }
        StridedLoop.forEachRun(sizes, new int[][] {strides}, new int[] {dst.storageOffset()}, (o, s, n) -> {
            for (int i = 0, r = o[0]; i < n; i++, r += s[0]) {
                write.accept(r);
            }
        });
    }

    @Override
    public void matmul(Strided a, Strided b, Strided dst) {
        int batches = dst.sizes()[0];
        int m = dst.sizes()[1];
        int n = dst.sizes()[2];
        int k = a.sizes()[2];
        int[] as = a.strides();
        int[] bs = b.strides();
        int threads = batches == 1 ? Gemm.defaultThreads() : 1;
        for (int bi = 0; bi < batches; bi++) {
            int aOff = a.storageOffset() + bi * as[0];
            int bOff = b.storageOffset() + bi * bs[0];
            int dOff = dst.storageOffset() + bi * m * n;
            switch (dst.dtype()) {
                case FLOAT32 -> Gemm.sgemm(m, n, k, cpu(a).floats(), aOff, as[1], as[2],
                        cpu(b).floats(), bOff, bs[1], bs[2], cpu(dst).floats(), dOff, n, false, threads);
                case FLOAT64 -> Gemm.dgemm(m, n, k, cpu(a).doubles(), aOff, as[1], as[2],
                        cpu(b).doubles(), bOff, bs[1], bs[2], cpu(dst).doubles(), dOff, n, false, threads);
                default -> throw new UnsupportedOperationException("matmul of " + dst.dtype() + " tensors");
            }
        }
    }
}
