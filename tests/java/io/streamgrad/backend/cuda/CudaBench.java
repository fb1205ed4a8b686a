package io.streamgrad.backend.cuda;

import io.streamgrad.nn.Linear;
import io.streamgrad.nn.MSELoss;
import io.streamgrad.optim.SGD;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.util.Locale;

/**
 * streamgrad's side of the GPU benchmark against PyTorch (tests/gpu/bench_torch.py measures the same
 * things the same way): per-op time of {@code a + a} on 3 floats, and the time of one training step
 * (zero_grad, forward, MSE loss, backward, SGD) of Linear(3→1) at batch 1024 and Linear(4096→4096) at batch
 * 4096 in FP32. Each figure is the wall time of N iterations divided by N, with the device synchronized
 * before the clock starts and before it stops. Prints one JSON object per line.
 *
 * <p>Usage: {@code java ... io.streamgrad.backend.cuda.CudaBench [scale [name...]]}; scale (default 1)
 * multiplies the iteration counts; names pick benchmarks (default: all). With
 * {@code -Dstreamgrad.cuda.tf32=true} the big step runs on TF32 tensor cores and is named {@code ..._tf32}.
 */
public final class CudaBench {
    private static final Device CUDA = Device.cuda(0);

    private CudaBench() {
    }

    public static void main(String[] args) {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        java.util.List<String> only = java.util.Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        CudaBackend cuda = CudaBackend.open(0);
        System.err.println(cuda.describe());
        String big = "linear_4096_batch_4096_step" + (Boolean.getBoolean(CudaBackend.TF32_PROPERTY) ? "_tf32" : "_fp32");
        if (only.isEmpty() || only.contains("add_3_floats")) {
            report("add_3_floats", "us_per_op", addThreeFloats(cuda, (int) (20_000 * scale)) * 1e6);
        }
        if (only.isEmpty() || only.contains("linear_3_1_batch_1024_step")) {
            report("linear_3_1_batch_1024_step", "ms_per_step", linearStep(cuda, 3, 1, 1024, (int) (500 * scale)) * 1e3);
        }
        if (only.isEmpty() || only.contains(big)) {
            report(big, "ms_per_step", linearStep(cuda, 4096, 4096, 4096, Math.max(5, (int) (20 * scale))) * 1e3);
        }
    }

    private static void report(String name, String unit, double value) {
        System.out.printf(Locale.ROOT, "{\"name\": \"%s\", \"unit\": \"%s\", \"value\": %.4f, \"impl\": \"streamgrad\"}%n",
                name, unit, value);
    }

    /** Seconds per {@code a + a}; results are released in chunks by a scope, as a loop body would be. */
    private static double addThreeFloats(CudaBackend cuda, int n) {
        Tensor a = Tensor.of(1f, 2f, 3f).to(CUDA);
        int chunk = 1000;
        for (int i = 0; i < n; i += chunk) {   // as many again to warm up the JIT
            addChunk(a, chunk);
        }
        cuda.synchronize();
        long start = System.nanoTime();
        for (int i = 0; i < n; i += chunk) {
            addChunk(a, chunk);
        }
        cuda.synchronize();
        return (System.nanoTime() - start) / 1e9 / n;
    }

    private static void addChunk(Tensor a, int chunk) {
        try (CudaScope ignored = CudaBackend.scope()) {
            for (int j = 0; j < chunk; j++) {
                a.add(a);
            }
        }
    }

    /** Seconds per training step of Linear(in→out) on a fixed batch. */
    private static double linearStep(CudaBackend cuda, int in, int out, int batch, int steps) {
        Tensor.manualSeed(0);
        Linear model = new Linear(in, out);
        model.to(CUDA);
        SGD optimizer = new SGD(model.parameters(), 0.01);
        MSELoss lossFn = new MSELoss();
        Tensor x = Tensor.randn(batch, in).to(CUDA);
        Tensor y = Tensor.randn(batch, out).to(CUDA);
        int warmup = Math.max(3, steps / 2);   // the JIT compiles the engine's paths meanwhile
        for (int i = 0; i < warmup; i++) {
            step(model, optimizer, lossFn, x, y);
        }
        cuda.synchronize();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step(model, optimizer, lossFn, x, y);
        }
        cuda.synchronize();
        return (System.nanoTime() - start) / 1e9 / steps;
    }

    private static void step(Linear model, SGD optimizer, MSELoss lossFn, Tensor x, Tensor y) {
        try (CudaScope ignored = CudaBackend.scope()) {
            optimizer.zeroGrad();
            Tensor loss = lossFn.forward(model.forward(x), y);
            loss.backward();
            optimizer.step();
        }
    }
}
