package io.streamgrad.tensor;

import io.streamgrad.backend.Backend;

import java.util.ArrayList;
import java.util.List;

/** dtype and device conversion, copies, and printing. */
final class Conversions {
    private Conversions() {
    }

    /** A contiguous copy converted to {@code dtype}, outside autograd. */
    static Tensor castNoGrad(Tensor t, DType dtype) {
        Tensor out = Creation.empty(t.sizes.clone(), dtype, t.device());
        t.backend().copy(t, out);
        return out;
    }

    static Tensor to(Tensor t, DType dtype) {
        if (t.dtype() == dtype) {
            return t;
        }
        Tensor out = castNoGrad(t, dtype);
        DType from = t.dtype();
        if (!dtype.isFloatingPoint()) {
            return out;
        }
        return Recorder.record(out, "ToCopyBackward0", new Tensor[] {t}, (g, s) -> new Tensor[] {g.to(from)});
    }

    static Tensor to(Tensor t, Device device) {
        if (t.device().equals(device)) {
            return t;
        }
        Backend target = Backends.of(device);
        Tensor src = t.contiguous();
        Object host = src.backend().toHost(src);
        Tensor out = new Tensor(target.fromHost(host), t.sizes.clone());
        Device from = t.device();
        return Recorder.record(out, "ToCopyBackward0", new Tensor[] {t}, (g, s) -> new Tensor[] {g.to(from)});
    }

    static Tensor cloneTensor(Tensor t) {
        Tensor out = castNoGrad(t, t.dtype());
        return Recorder.record(out, "CloneBackward0", new Tensor[] {t}, (g, s) -> new Tensor[] {g});
    }

    static Object toList(Tensor t) {
        Object flat = t.backend().toHost(t);
        int[] cursor = {0};
        return nest(flat, t.sizes, 0, cursor);
    }

    private static Object nest(Object flat, int[] sizes, int dim, int[] cursor) {
        if (dim == sizes.length) {
            return java.lang.reflect.Array.get(flat, cursor[0]++);
        }
        List<Object> list = new ArrayList<>(sizes[dim]);
        for (int i = 0; i < sizes[dim]; i++) {
            list.add(nest(flat, sizes, dim + 1, cursor));
        }
        return list;
    }

    static String repr(Tensor t) {
        Tensor c = t.device().isCuda() ? t.detach().to(Device.cpu()) : t;
        Object host = c.backend().toHost(c);
        double[] floats = null;
        long[] longs = null;
        boolean[] bools = null;
        switch (host) {
            case float[] f -> {
                floats = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    floats[i] = f[i];
                }
            }
            case double[] d -> floats = d;
            case long[] l -> longs = l;
            case boolean[] b -> bools = b;
            default -> throw new IllegalStateException();
        }
        String device = t.device().isCuda() ? t.device().toString() : null;
        String gradFn = t.gradFn() == null ? null : t.gradFn().name();
        return TensorPrinter.repr(new TensorPrinter.Input(t.dtype(), t.sizes.clone(), floats, longs, bools, device,
                t.requiresGrad(), gradFn));
    }
}
