package io.streamgrad.backend.cuda;

import io.streamgrad.nn.Linear;
import io.streamgrad.nn.MSELoss;
import io.streamgrad.optim.Adam;
import io.streamgrad.optim.Optimizer;
import io.streamgrad.optim.SGD;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;
import io.streamgrad.tensor.TensorException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The CUDA backend checked against the CPU backend through the Tensor API: every primitive, each dtype,
 * broadcasting and strided views, NaN and infinity, reductions on both thread layouts and the split path,
 * matrix products in every operand layout, a training loop, scopes and memory accounting. Plain Java (no
 * JUnit), so the same checks run under JUnit ({@link CudaDeviceTest}) and on the GPU machine, which carries
 * no test libraries ({@link GpuSelfCheck}).
 */
final class DeviceChecks {
    /** A named check; it throws {@link AssertionError} on a mismatch. */
    record Check(String name, Runnable body) {
    }

    private static final Device CUDA = Device.cuda(0);
    /** Values that exercise signs, zeros, NaN, infinities, rounding and magnitude. */
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e-3, -7.25, 100.0, 1e30, -1e-30,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.0, 0.1, -0.1};

    private final int trainingSteps;

    /** @param trainingSteps steps of the memory-leak check (10,000 on a GPU) */
    DeviceChecks(int trainingSteps) {
        this.trainingSteps = trainingSteps;
    }

    List<Check> all() {
        return List.of(
                new Check("host round trip, every dtype, small and large", this::roundTrip),
                new Check("casts between every pair of dtypes", this::casts),
                new Check("fill and zeros", this::fills),
                new Check("unary ops, float32 and float64, special values", this::unaryFloats),
                new Check("unary ops on int64", this::unaryIntegers),
                new Check("binary ops and comparisons with broadcasting", this::binaryOps),
                new Check("strided views: transpose, narrow, expand, select", this::stridedViews),
                new Check("where with broadcasting", this::where),
                new Check("sum, amax, amin over dims, both layouts, NaN", this::reductions),
                new Check("large reductions use the split path", this::largeReductions),
                new Check("matmul in every operand layout, batched, float64", this::matmul),
                new Check("in-place ops and copy_ across devices", this::inPlace),
                new Check("mixing devices raises the engine's message", this::mixedDevices),
                new Check("autograd: a small MLP's gradients match the CPU", this::gradients),
                new Check("autograd: a CPU 0-dim leaf in a CUDA op gets its gradient on the CPU",
                        this::cpuScalarLeafGradient),
                new Check("autograd: backward's gradient is checked against the root's device", this::rootGradientDevice),
                new Check("autograd: copy_ of a CPU tensor into a CUDA one sends the source a CPU gradient",
                        this::crossDeviceCopyGradient),
                new Check("Linear training steps match the CPU", this::training),
                new Check("a scope releases its storages; keep() and close()", this::scopes),
                new Check("optimizer state made inside a per-step scope survives it (SGD momentum, Adam)",
                        this::scopedOptimizerState),
                new Check("no device memory leak over " + trainingSteps + " training steps", this::noLeak));
    }

    // ---------------------------------------------------------------- data

    private static Tensor special(DType dtype, int... shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = SPECIAL[i % SPECIAL.length] * (1 + i / SPECIAL.length);
        }
        return Tensor.fromData(values, DType.FLOAT64, shape).to(dtype);
    }

    private static Tensor ramp(DType dtype, int... shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (i * 7919 % 23) - 11;
        }
        return Tensor.fromData(values, DType.FLOAT64, shape).to(dtype);
    }

    // ---------------------------------------------------------------- comparisons

    /** Same shape, dtype and values; floats equal bit for bit up to {@code ulps} units in the last place. */
    static void same(String what, Tensor cpu, Tensor cuda, int ulps) {
        if (!cuda.device().equals(CUDA)) {
            throw new AssertionError(what + ": result is on " + cuda.device() + ", not " + CUDA);
        }
        Tensor back = cuda.to(Device.cpu());
        if (!Arrays.equals(cpu.sizes(), back.sizes()) || cpu.dtype() != back.dtype()) {
            throw new AssertionError(what + ": shape/dtype " + Arrays.toString(back.sizes()) + " " + back.dtype()
                    + ", want " + Arrays.toString(cpu.sizes()) + " " + cpu.dtype());
        }
        switch (cpu.dtype()) {
            case FLOAT32 -> {
                float[] want = cpu.toFloatArray();
                float[] got = back.toFloatArray();
                for (int i = 0; i < want.length; i++) {
                    if (!closeUlps(want[i], got[i], ulps)) {
                        throw new AssertionError(what + ": element " + i + " is " + got[i] + ", want " + want[i]);
                    }
                }
            }
            case FLOAT64 -> {
                double[] want = cpu.toDoubleArray();
                double[] got = back.toDoubleArray();
                for (int i = 0; i < want.length; i++) {
                    if (!closeUlps(want[i], got[i], ulps)) {
                        throw new AssertionError(what + ": element " + i + " is " + got[i] + ", want " + want[i]);
                    }
                }
            }
            case INT64 -> {
                if (!Arrays.equals(cpu.toLongArray(), back.toLongArray())) {
                    throw new AssertionError(what + ": " + Arrays.toString(back.toLongArray()) + ", want "
                            + Arrays.toString(cpu.toLongArray()));
                }
            }
            case BOOL -> {
                if (!Arrays.equals(cpu.toBooleanArray(), back.toBooleanArray())) {
                    throw new AssertionError(what + ": " + Arrays.toString(back.toBooleanArray()) + ", want "
                            + Arrays.toString(cpu.toBooleanArray()));
                }
            }
        }
    }

    /** Same shape and values within {@code rtol·|want| + atol}; NaN where the CPU has NaN. */
    static void close(String what, Tensor cpu, Tensor cuda, double rtol, double atol) {
        double[] want = cpu.toDoubleArray();
        double[] got = cuda.to(Device.cpu()).toDoubleArray();
        if (!Arrays.equals(cpu.sizes(), cuda.sizes())) {
            throw new AssertionError(what + ": shape " + Arrays.toString(cuda.sizes()) + ", want "
                    + Arrays.toString(cpu.sizes()));
        }
        for (int i = 0; i < want.length; i++) {
            boolean ok = Double.isNaN(want[i]) ? Double.isNaN(got[i])
                    : want[i] == got[i] || Math.abs(want[i] - got[i]) <= rtol * Math.abs(want[i]) + atol;
            if (!ok) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", want " + want[i]);
            }
        }
    }

    private static boolean closeUlps(double want, double got, int ulps) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            return Double.isNaN(want) && Double.isNaN(got);
        }
        if (want == got) {
            return Double.doubleToRawLongBits(want) == Double.doubleToRawLongBits(got) || want != 0;
        }
        return Math.abs(want - got) <= ulps * Math.max(Math.ulp(want), Math.ulp(got));
    }

    private static boolean closeUlps(float want, float got, int ulps) {
        if (Float.isNaN(want) || Float.isNaN(got)) {
            return Float.isNaN(want) && Float.isNaN(got);
        }
        if (want == got) {
            return Float.floatToRawIntBits(want) == Float.floatToRawIntBits(got) || want != 0;
        }
        return Math.abs(want - got) <= ulps * Math.max(Math.ulp(want), Math.ulp(got));
    }

    /** Runs {@code op} on a CPU tensor and on its copy on the GPU and compares. */
    private static void both(String what, Tensor cpu, Function<Tensor, Tensor> op, int ulps) {
        same(what, op.apply(cpu), op.apply(cpu.to(CUDA)), ulps);
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    // ---------------------------------------------------------------- checks

    private void roundTrip() {
        for (DType dtype : DType.values()) {
            for (int n : new int[] {0, 1, 3, 32, 33, 1000}) {
                Tensor cpu = special(dtype, n);
                same("round trip " + dtype + " x" + n, cpu, cpu.to(CUDA), 0);
            }
            Tensor matrix = ramp(dtype, 37, 11);
            same("transposed download " + dtype, matrix.t().contiguous(), matrix.to(CUDA).t(), 0);
        }
        Tensor scalar = Tensor.scalar(2.5);
        same("0-dim", scalar, scalar.to(CUDA), 0);
    }

    private void casts() {
        for (DType from : DType.values()) {
            Tensor cpu = special(from, 4, 9);
            for (DType to : DType.values()) {
                both("cast " + from + " -> " + to, cpu, t -> t.to(to), 0);
                both("cast of a transposed view " + from + " -> " + to, cpu, t -> t.t().to(to), 0);
            }
        }
        Tensor extremes = Tensor.of(new double[] {1e300, -1e300, Double.NaN, 9.3e18, -9.3e18, 2.5, -2.5}, DType.FLOAT64);
        both("saturating casts to int64", extremes, t -> t.to(DType.INT64), 0);
        Tensor big = Tensor.of(new long[] {Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1, -3});
        both("int64 to float32 rounds once", big, t -> t.to(DType.FLOAT32), 0);
    }

    private void fills() {
        for (DType dtype : DType.values()) {
            Tensor onGpu = special(dtype, 5, 7).to(CUDA);
            same("zerosLike " + dtype, Tensor.zerosLike(special(dtype, 5, 7)), Tensor.zerosLike(onGpu), 0);
            same("fullLike " + dtype, Tensor.fullLike(special(dtype, 5, 7), -3.5), Tensor.fullLike(onGpu, -3.5), 0);
            Tensor partial = Tensor.zerosLike(onGpu);
            partial.narrow(1, 2, 3).fill_(7);
            Tensor want = Tensor.zerosLike(special(dtype, 5, 7));
            want.narrow(1, 2, 3).fill_(7);
            same("fill_ of a narrow view " + dtype, want, partial, 0);
        }
        same("huge fill to int64 saturates", Tensor.fullLike(ramp(DType.INT64, 3), 1e300),
                Tensor.fullLike(ramp(DType.INT64, 3).to(CUDA), 1e300), 0);
    }

    private void unaryFloats() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = special(dtype, 6, 9);
            // transcendental functions of CUDA's libm and Java's may differ by an ulp in float64
            int ulps = dtype == DType.FLOAT64 ? 2 : 1;
            both("neg " + dtype, x, Tensor::neg, 0);
            both("abs " + dtype, x, Tensor::abs, 0);
            both("relu " + dtype, x, Tensor::relu, 0);
            both("exp " + dtype, x, Tensor::exp, ulps);
            both("log " + dtype, x, Tensor::log, ulps);
            both("sqrt " + dtype, x, Tensor::sqrt, 0);
            both("sigmoid " + dtype, x, Tensor::sigmoid, ulps);
            both("tanh " + dtype, x, Tensor::tanh, ulps);
            both("reciprocal " + dtype, x, Tensor::reciprocal, 0);
            both("pow 2 " + dtype, x, t -> t.pow(2.0), 0);
            both("pow 0.5 " + dtype, x, t -> t.pow(0.5), ulps);
            both("pow 3 " + dtype, x, t -> t.pow(3.0), ulps);
            both("pow -1.5 " + dtype, x, t -> t.pow(-1.5), ulps);
            both("clamp " + dtype, x, t -> t.clamp(-1.0, 2.0), 0);
            both("clampMin " + dtype, x, t -> t.clampMin(0.0), 0);
            both("clampMax " + dtype, x, t -> t.clampMax(-0.0), 0);
        }
    }

    private void unaryIntegers() {
        Tensor x = ramp(DType.INT64, 4, 5);
        both("neg int64", x, Tensor::neg, 0);
        both("abs int64", x, Tensor::abs, 0);
        both("relu int64", x, Tensor::relu, 0);
        both("pow 3 int64", x, t -> t.pow(3L), 0);
        both("clamp int64", x, t -> t.clamp(-2L, 3L), 0);
        both("clamp int64 to float bounds", x, t -> t.clamp(-2.5, 3.5), 0);
        Tensor extremes = Tensor.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1});
        both("neg and abs of Long.MIN_VALUE wrap", extremes, t -> t.neg().add(t.abs()), 0);
        both("exp of int64 promotes to float32", x, Tensor::exp, 1);
    }

    private void binaryOps() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL}) {
            Tensor a = special(dtype, 3, 1, 6);
            Tensor b = ramp(dtype, 1, 4, 6);
            Tensor ga = a.to(CUDA);
            Tensor gb = b.to(CUDA);
            if (dtype != DType.BOOL) {
                same("add " + dtype, a.add(b), ga.add(gb), 0);
                same("sub " + dtype, a.sub(b), ga.sub(gb), 0);
                same("mul " + dtype, a.mul(b), ga.mul(gb), 0);
                same("div " + dtype, a.div(b), ga.div(gb), 0);
                same("add scalar " + dtype, a.add(2.5), ga.add(2.5), 0);
                same("rsub scalar " + dtype, a.rsub(1.0), ga.rsub(1.0), 0);
            }
            same("gt " + dtype, a.gt(b), ga.gt(gb), 0);
            same("lt " + dtype, a.lt(b), ga.lt(gb), 0);
            same("ge " + dtype, a.ge(b), ga.ge(gb), 0);
            same("le " + dtype, a.le(b), ga.le(gb), 0);
            same("eq " + dtype, a.eq(b), ga.eq(gb), 0);
            same("ne " + dtype, a.ne(b), ga.ne(gb), 0);
            same("ne scalar " + dtype, a.ne(0.0), ga.ne(0.0), 0);
        }
        Tensor f = special(DType.FLOAT32, 8);
        Tensor d = special(DType.FLOAT64, 8);
        same("float32 + float64 promotes", f.add(d), f.to(CUDA).add(d.to(CUDA)), 0);
        same("a + a on 3 floats", Tensor.of(1f, 2f, 3f).add(Tensor.of(1f, 2f, 3f)),
                Tensor.of(1f, 2f, 3f).to(CUDA).add(Tensor.of(1f, 2f, 3f).to(CUDA)), 0);
    }

    private void stridedViews() {
        Tensor x = ramp(DType.FLOAT32, 4, 5, 6);
        Tensor g = x.to(CUDA);
        same("transpose + exp", x.transpose(0, 2).exp(), g.transpose(0, 2).exp(), 1);
        same("narrow * select", x.narrow(1, 1, 3).mul(x.select(1, 4).unsqueeze(1)),
                g.narrow(1, 1, 3).mul(g.select(1, 4).unsqueeze(1)), 0);
        same("expand + contiguous", x.select(0, 1).unsqueeze(0).expand(3, 5, 6).contiguous(),
                g.select(0, 1).unsqueeze(0).expand(3, 5, 6).contiguous(), 0);
        Tensor nineDims = ramp(DType.FLOAT64, 2, 2, 2, 2, 2, 2, 2, 2, 3);
        Tensor permuted = nineDims.transpose(0, 8).transpose(1, 7).transpose(2, 5);
        Tensor onGpu = nineDims.to(CUDA).transpose(0, 8).transpose(1, 7).transpose(2, 5);
        same("9-dim strided view (more dims than one launch takes)", permuted.contiguous(), onGpu.contiguous(), 0);
        same("9-dim strided add", permuted.add(1.0), onGpu.add(1.0), 0);
        same("cat and stack", Tensor.cat(List.of(x, x.mul(2.0)), 1),
                Tensor.cat(List.of(g, g.mul(2.0)), 1), 0);
    }

    private void where() {
        Tensor cond = ramp(DType.FLOAT32, 3, 1, 5).gt(0.0);
        for (DType dtype : DType.values()) {
            Tensor a = special(dtype, 1, 4, 5);
            Tensor b = ramp(dtype, 3, 4, 1);
            same("where " + dtype, Tensor.where(cond, a, b), Tensor.where(cond.to(CUDA), a.to(CUDA), b.to(CUDA)), 0);
        }
    }

    private void reductions() {
        for (DType dtype : DType.values()) {
            Tensor x = dtype == DType.BOOL ? ramp(DType.FLOAT32, 5, 7, 3).gt(0.0) : special(dtype, 5, 7, 3);
            Tensor g = x.to(CUDA);
            if (dtype != DType.BOOL) {
                // Sums are added in another order on the GPU (a tree, and float32 in float64): close, not equal.
                Sum sum = (what, op) -> {
                    if (dtype == DType.INT64) {
                        same(what, op.apply(x), op.apply(g), 0);
                    } else {
                        close(what, op.apply(x), op.apply(g), dtype == DType.FLOAT32 ? 1e-6 : 1e-13, 1e-12);
                    }
                };
                sum.check("sum " + dtype, Tensor::sum);
                for (int dim = 0; dim < 3; dim++) {
                    int d = dim;
                    sum.check("sum dim " + dim + " " + dtype, t -> t.sum(d));
                }
                sum.check("sum dims 0,2 keepdim " + dtype, t -> t.sum(new int[] {0, 2}, true));
                sum.check("sum of a transposed view " + dtype, t -> t.transpose(0, 2).sum(1));
            }
            same("amax " + dtype, x.amax(), g.amax(), 0);
            same("amin dim 1 " + dtype, x.amin(1), g.amin(1), 0);
            same("amax dims 0,1 " + dtype, x.amax(new int[] {0, 1}, false), g.amax(new int[] {0, 1}, false), 0);
        }
        Tensor m = ramp(DType.FLOAT64, 6, 4);
        close("mean", m.mean(0), m.to(CUDA).mean(0), 1e-15, 0);
        Tensor empty = Tensor.zeros(3, 0);
        same("sum over an empty dim", empty.sum(1), empty.to(CUDA).sum(1), 0);
    }

    @FunctionalInterface
    private interface Sum {
        void check(String what, Function<Tensor, Tensor> op);
    }

    private void largeReductions() {
        for (int[] shape : new int[][] {{1 << 20}, {2048, 600}, {600, 2048}, {3, 70000}}) {
            Tensor x = ramp(DType.FLOAT32, shape).mul(0.25);
            Tensor g = x.to(CUDA);
            String s = Arrays.toString(shape);
            close("sum " + s, x.to(DType.FLOAT64).sum().to(DType.FLOAT32), g.sum(), 1e-6, 0);
            close("sum dim 0 " + s, x.to(DType.FLOAT64).sum(0).to(DType.FLOAT32), g.sum(0), 1e-6, 0);
            same("amax dim -1 " + s, x.amax(-1), g.amax(-1), 0);
            same("amin " + s, x.amin(), g.amin(), 0);
            Tensor i = ramp(DType.INT64, shape);
            same("int64 sum dim 0 " + s, i.sum(0), i.to(CUDA).sum(0), 0);
        }
        Tensor withNan = ramp(DType.FLOAT32, 1 << 18);
        withNan.narrow(0, 200_000, 1).fill_(Double.NaN);
        same("NaN wins amax across split blocks", withNan.amax(), withNan.to(CUDA).amax(), 0);
    }

    private void matmul() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double rtol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
            Tensor a = ramp(dtype, 67, 33).mul(0.1);
            Tensor b = ramp(dtype, 33, 45).mul(0.1);
            Tensor ga = a.to(CUDA);
            Tensor gb = b.to(CUDA);
            close("mm " + dtype, a.matmul(b), ga.matmul(gb), rtol, 1e-6);
            close("mm a^T " + dtype, a.t().contiguous().t().matmul(b), ga.t().contiguous().t().matmul(gb), rtol, 1e-6);
            close("mm b^T " + dtype, b.t().matmul(a.t()), gb.t().matmul(ga.t()), rtol, 1e-6);
            close("mm of narrow views " + dtype, a.narrow(1, 3, 20).matmul(b.narrow(0, 5, 20)),
                    ga.narrow(1, 3, 20).matmul(gb.narrow(0, 5, 20)), rtol, 1e-6);
            close("mm of a column slice (no BLAS layout)", a.select(1, 2).unsqueeze(1).matmul(b.narrow(0, 0, 1)),
                    ga.select(1, 2).unsqueeze(1).matmul(gb.narrow(0, 0, 1)), rtol, 1e-6);
            close("mv " + dtype, a.matmul(b.select(1, 0)), ga.matmul(gb.select(1, 0)), rtol, 1e-6);
            close("dot " + dtype, a.select(0, 1).matmul(a.select(0, 2)), ga.select(0, 1).matmul(ga.select(0, 2)), rtol,
                    1e-6);
            Tensor x = ramp(dtype, 4, 3, 7, 9).mul(0.1);
            Tensor y = ramp(dtype, 3, 9, 5).mul(0.1);
            close("batched with broadcast " + dtype, x.matmul(y), x.to(CUDA).matmul(y.to(CUDA)), rtol, 1e-6);
            close("batched transposed " + dtype, x.transpose(2, 3).transpose(2, 3).matmul(y.transpose(1, 2).transpose(1, 2)),
                    x.to(CUDA).matmul(y.to(CUDA)), rtol, 1e-6);
            Tensor k0a = Tensor.zeros(3, 0).to(dtype);
            Tensor k0b = Tensor.zeros(0, 4).to(dtype);
            same("k = 0 gives zeros " + dtype, k0a.matmul(k0b), k0a.to(CUDA).matmul(k0b.to(CUDA)), 0);
        }
    }

    private void inPlace() {
        Tensor x = special(DType.FLOAT32, 4, 6);
        Tensor g = x.to(CUDA);
        x.narrow(0, 1, 2).add_(1.0);
        g.narrow(0, 1, 2).add_(1.0);
        same("add_ on a view", x, g, 0);
        Tensor src = ramp(DType.FLOAT32, 6, 4);
        x.copy_(src.t());
        g.copy_(src.t());
        same("copy_ of a CPU tensor into a GPU one", x, g, 0);
        Tensor back = Tensor.zeros(4, 6);
        back.copy_(g);
        same("copy_ of a GPU tensor into a CPU one", back.to(CUDA), g, 0);
        x.zero_();
        g.zero_();
        same("zero_", x, g, 0);
    }

    private void mixedDevices() {
        try {
            Tensor.ones(3).add(Tensor.ones(3).to(CUDA));
            throw new AssertionError("adding a CPU and a GPU tensor did not fail");
        } catch (TensorException e) {
            expect(e.getMessage().startsWith("Expected all tensors to be on the same device"), e.getMessage());
        }
        Tensor mixedScalar = Tensor.ones(3).to(CUDA).add(Tensor.scalar(2.0));
        same("a 0-dim CPU tensor may join a GPU op", Tensor.full(3.0, 3), mixedScalar, 0);
    }

    private void gradients() {
        Tensor.manualSeed(7);
        Tensor x = Tensor.randn(16, 5);
        Tensor w1 = Tensor.randn(5, 8);
        Tensor w2 = Tensor.randn(8, 1);
        Tensor[] cpu = mlpGrads(x, w1, w2);
        Tensor[] gpu = mlpGrads(x.to(CUDA), w1.to(CUDA), w2.to(CUDA));
        String[] names = {"loss", "dw1", "dw2"};
        for (int i = 0; i < cpu.length; i++) {
            close(names[i], cpu[i], gpu[i], 1e-5, 1e-6);
        }
    }

    /**
     * PyTorch's engine moves a 0-dim gradient to the device its input was on (validate_outputs), so a CPU scalar
     * that joined a CUDA op gets a CPU {@code .grad}, and a second backward accumulates into it there.
     */
    private void cpuScalarLeafGradient() {
        Tensor w = Tensor.of(1f, 2f, 3f).to(CUDA).requiresGrad_();
        Tensor s = Tensor.scalar(2.0).requiresGrad_();
        Tensor s64 = Tensor.scalar(0.5, DType.FLOAT64).requiresGrad_();
        Tensor loss = w.mul(s).mul(s64).sum();
        loss.backward(null, true);
        expect(s.grad().device().equals(Device.cpu()), "the CPU leaf's grad is on " + s.grad().device());
        expect(s.grad().dtype() == DType.FLOAT32 && s.grad().dim() == 0, "the CPU leaf's grad is " + s.grad());
        expect(s.grad().item() == 3.0, "the CPU leaf's grad is " + s.grad().item() + ", want 3");
        expect(s64.grad().device().equals(Device.cpu()) && s64.grad().dtype() == DType.FLOAT64,
                "the float64 CPU leaf's grad is " + s64.grad().dtype() + " on " + s64.grad().device());
        expect(s64.grad().item() == 12.0, "the float64 CPU leaf's grad is " + s64.grad().item() + ", want 12");
        same("the CUDA leaf's grad", Tensor.full(1.0, 3), w.grad(), 0);
        loss.backward();
        expect(s.grad().device().equals(Device.cpu()) && s.grad().item() == 6.0,
                "after a second backward the CPU leaf's grad is " + s.grad().item() + " on " + s.grad().device());
    }

    /** PyTorch moves a 0-dim gradient given to backward to the root's device and refuses any other on the wrong one. */
    private void rootGradientDevice() {
        Tensor w = Tensor.of(1f, 2f, 3f).to(CUDA).requiresGrad_();
        w.mul(2.0).sum().backward(Tensor.scalar(0.5));
        same("grad from a CPU 0-dim gradient", Tensor.full(1.0, 3), w.grad(), 0);
        try {
            w.mul(2.0).backward(Tensor.ones(3));
            throw new AssertionError("a CPU gradient for a CUDA root of shape [3] was accepted");
        } catch (TensorException e) {
            expect(e.getMessage().equals("invalid gradient at index 0 - expected device cuda:0 but got cpu"),
                    e.getMessage());
        }
    }

    /** PyTorch's CopyBackwards returns the source's gradient on the source's device. */
    private void crossDeviceCopyGradient() {
        Tensor src = Tensor.of(1f, 2f, 3f).requiresGrad_();
        Tensor dst = Tensor.zeros(3).to(CUDA);
        dst.copy_(src.mul(2.0));
        dst.mul(dst).sum().backward();
        expect(src.grad().device().equals(Device.cpu()), "the source's grad is on " + src.grad().device());
        same("the source's grad", Tensor.of(8f, 16f, 24f), src.grad().to(CUDA), 0);
    }

    private static Tensor[] mlpGrads(Tensor x, Tensor w1, Tensor w2) {
        Tensor a = w1.detach().requiresGrad_();
        Tensor b = w2.detach().requiresGrad_();
        Tensor h = x.matmul(a).relu().softmax(1);
        Tensor loss = h.matmul(b).sub(1.0).pow(2.0).mean().add(a.amax().mul(0.1));
        loss.backward();
        return new Tensor[] {loss, a.grad(), b.grad()};
    }

    private void training() {
        Tensor.manualSeed(3);
        Tensor x = Tensor.randn(256, 3);
        Tensor y = x.matmul(Tensor.of(new double[][] {{1.5}, {-2.0}, {0.5}}, DType.FLOAT32)).add(0.3);
        Tensor.manualSeed(11);
        Linear cpuModel = new Linear(3, 1);
        Tensor.manualSeed(11);
        Linear gpuModel = new Linear(3, 1);
        gpuModel.to(CUDA);
        double[] cpuLoss = train(cpuModel, x, y, 50);
        double[] gpuLoss = train(gpuModel, x.to(CUDA), y.to(CUDA), 50);
        for (int i = 0; i < cpuLoss.length; i++) {
            expect(Math.abs(cpuLoss[i] - gpuLoss[i]) <= 1e-5 * Math.abs(cpuLoss[i]) + 1e-7,
                    "loss at step " + i + " is " + gpuLoss[i] + " on the GPU, " + cpuLoss[i] + " on the CPU");
        }
        close("trained weight", cpuModel.weight(), gpuModel.weight(), 1e-5, 1e-6);
    }

    private static double[] train(Linear model, Tensor x, Tensor y, int steps) {
        SGD optimizer = new SGD(model.parameters(), 0.1);
        MSELoss lossFn = new MSELoss();
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            optimizer.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(x), y);
            loss.backward();
            optimizer.step();
            losses[i] = loss.item();
        }
        return losses;
    }

    private void scopes() {
        CudaBackend cuda = CudaBackend.open(0);
        long before = cuda.allocatedBytes();
        Tensor kept;
        Tensor dropped;
        try (CudaScope outer = CudaBackend.scope()) {
            try (CudaScope inner = CudaBackend.scope()) {
                dropped = Tensor.ones(1000).to(CUDA).mul(3.0);
                kept = inner.keep(dropped.add(1.0));
            }
            expect(((CudaStorage) dropped.storage()).isReleased(), "a tensor made in a closed scope is not released");
            expect(!((CudaStorage) kept.storage()).isReleased(), "a kept tensor was released with the inner scope");
            same("kept tensor", Tensor.full(4.0, 1000), kept, 0);
            try {
                dropped.add(1.0);
                throw new AssertionError("using a released tensor did not fail");
            } catch (IllegalStateException e) {
                expect(e.getMessage().contains("released"), e.getMessage());
            }
        }
        expect(((CudaStorage) kept.storage()).isReleased(), "the outer scope did not release the kept tensor");
        // at most: the Cleaner may release garbage of earlier checks meanwhile
        expect(cuda.allocatedBytes() <= before, "allocated bytes " + cuda.allocatedBytes() + " after the scopes, "
                + before + " before");
        Tensor state;
        try (CudaScope ignored = CudaBackend.scope()) {
            state = CudaScope.persist(Tensor.ones(10).to(CUDA));
        }
        expect(!((CudaStorage) state.storage()).isReleased(), "a persisted tensor was released with its scope");
        ((CudaStorage) state.storage()).close();
        Tensor loose = Tensor.ones(10).to(CUDA);
        ((CudaStorage) loose.storage()).close();
        expect(((CudaStorage) loose.storage()).isReleased(), "close() did not release");
    }

    /**
     * One {@link CudaScope} per step, as the scope's documentation suggests: the momentum and Adam buffers the
     * first step creates must not be released with that step's scope, and the steps must match the CPU's.
     */
    private void scopedOptimizerState() {
        Tensor.manualSeed(3);
        Tensor x = Tensor.randn(64, 3);
        Tensor y = Tensor.randn(64, 1);
        for (String name : List.of("sgd+momentum", "adam")) {
            Tensor.manualSeed(13);
            Linear cpuModel = new Linear(3, 1);
            Tensor.manualSeed(13);
            Linear gpuModel = new Linear(3, 1);
            gpuModel.to(CUDA);
            Optimizer cpuOpt = optimizer(name, cpuModel);
            Optimizer gpuOpt = optimizer(name, gpuModel);
            Tensor gx = x.to(CUDA);
            Tensor gy = y.to(CUDA);
            MSELoss lossFn = new MSELoss();
            for (int step = 0; step < 5; step++) {
                cpuOpt.zeroGrad();
                lossFn.forward(cpuModel.forward(x), y).backward();
                cpuOpt.step();
                try (CudaScope ignored = CudaBackend.scope()) {
                    gpuOpt.zeroGrad();
                    lossFn.forward(gpuModel.forward(gx), gy).backward();
                    gpuOpt.step();
                }
            }
            close(name + ": weight after 5 scoped steps", cpuModel.weight(), gpuModel.weight(), 1e-5, 1e-6);
        }
    }

    private static Optimizer optimizer(String name, Linear model) {
        return name.equals("adam") ? new Adam(model.parameters(), 0.01)
                : new SGD(model.parameters(), SGD.Options.defaults().withLr(0.05).withMomentum(0.9));
    }

    private void noLeak() {
        CudaBackend cuda = CudaBackend.open(0);
        Tensor.manualSeed(5);
        Linear model = new Linear(3, 1);
        model.to(CUDA);
        SGD optimizer = new SGD(model.parameters(), 0.01);
        MSELoss lossFn = new MSELoss();
        Tensor x = Tensor.randn(1024, 3).to(CUDA);
        Tensor y = Tensor.randn(1024, 1).to(CUDA);
        int warmup = Math.min(100, trainingSteps);
        List<Long> samples = new ArrayList<>();
        long reserved = 0;
        long inUse = 0;
        for (int step = 0; step < warmup + trainingSteps; step++) {
            try (CudaScope ignored = CudaBackend.scope()) {
                optimizer.zeroGrad();
                Tensor loss = lossFn.forward(model.forward(x), y);
                loss.backward();
                optimizer.step();
            }
            if (step == warmup - 1) {
                cuda.synchronize();
                reserved = cuda.reservedBytes();
                inUse = cuda.memoryInUse();
            }
            if (step % 1000 == 0) {
                samples.add(cuda.memoryInUse());
            }
        }
        cuda.synchronize();
        expect(cuda.reservedBytes() == reserved, "the allocator holds " + cuda.reservedBytes() + " bytes after "
                + trainingSteps + " more steps, " + reserved + " before");
        expect(cuda.memoryInUse() == inUse, "device memory in use grew from " + inUse + " to " + cuda.memoryInUse()
                + " bytes (samples every 1000 steps: " + samples + ")");
    }
}
