package io.streamgrad.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.streamgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the smallest graph: {@code ((w*a - a)**2).sum()} forward and backward, w and a
 * 3-element float32 tensors, on one core. It measures the engine's per-op overhead (graph recording, the
 * backward walk, allocation), which dominates training on small models.
 *
 * <p>Ours clears w's gradient, records the graph and back-propagates: the eager-PyTorch idiom
 * {@code w.grad = None; loss.backward()}. libtorch runs the same graph in eager autograd through DJL, the
 * idiomatic way: a {@link GradientCollector} per step, and a sub-manager per step that frees the step's
 * native tensors. DJL's collector accumulates into {@code w.grad} and has no "set to None", so
 * {@link #libtorch} zeroes the gradient in place after each step; {@link #libtorchAccumulating} skips that
 * op and bounds what the zeroing costs. Both check, once, that they compute our gradient.
 *
 * <p>Run: {@code ./mvnw -Pbench package -DskipTests && java -jar target/benchmarks.jar TinyGraphBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
        "--add-modules=jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED",
        "-Dstreamgrad.cpu.threads=1",
        "-Dai.djl.offline=true",
        "-DDJL_CACHE_DIR=target/djl-cache",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class TinyGraphBenchmark {

    private static final float[] W = {1f, 2f, 3f};
    private static final float[] A = {0.5f, 1.5f, 2.5f};
    /** d/dw sum((w*a - a)^2) = 2(w*a - a)·a. */
    private static final float[] EXPECTED_GRAD = {0f, 4.5f, 25f};

    /** Our tensors. */
    @State(Scope.Thread)
    public static class Ours {
        Tensor w;
        Tensor a;

        @Setup(Level.Trial)
        public void setUp() {
            w = Tensor.of(W.clone()).requiresGrad_();
            a = Tensor.of(A.clone());
            step(this);
            check(w.grad().toFloatArray(), "streamgrad");
        }
    }

    /** libtorch's tensors, on one intra-op and one inter-op thread. */
    @State(Scope.Thread)
    public static class Torch {
        Engine engine;
        NDManager manager;
        NDArray w;
        NDArray a;

        @Setup(Level.Trial)
        public void setUp() {
            // Read once when the PyTorch engine starts: must be set before the first DJL call.
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            engine = Engine.getEngine("PyTorch");
            if (JniUtils.getNumThreads() != 1) {
                throw new IllegalStateException("libtorch runs " + JniUtils.getNumThreads() + " intra-op threads");
            }
            manager = engine.newBaseManager();
            w = manager.create(W.clone());
            w.setRequiresGradient(true);
            a = manager.create(A.clone());
            step(this, false);
            try (NDArray grad = w.getGradient()) {
                check(grad.toFloatArray(), "libtorch");
                grad.subi(grad);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            manager.close();
        }
    }

    @Benchmark
    public Tensor streamgrad(Ours s) {
        return step(s);
    }

    @Benchmark
    public NDArray libtorch(Torch t) {
        return step(t, true);
    }

    @Benchmark
    public NDArray libtorchAccumulating(Torch t) {
        return step(t, false);
    }

    /** One libtorch step; returns w's gradient, zeroed afterwards when {@code zeroGrad}. */
    private static NDArray step(Torch t, boolean zeroGrad) {
        try (NDManager step = t.manager.newSubManager()) {
            // Ops on w, and the handle to w's gradient, land in `step` and are freed with it; w then returns.
            t.w.tempAttach(step);
            try (GradientCollector collector = t.engine.newGradientCollector()) {
                collector.backward(t.w.mul(t.a).sub(t.a).pow(2).sum());
            }
            NDArray grad = t.w.getGradient();
            return zeroGrad ? grad.subi(grad) : grad;
        }
    }

    private static Tensor step(Ours s) {
        s.w.setGrad(null);
        Tensor loss = s.w.mul(s.a).sub(s.a).pow(2L).sum();
        loss.backward();
        return s.w.grad();
    }

    private static void check(float[] grad, String who) {
        if (!Arrays.equals(grad, EXPECTED_GRAD)) {
            throw new IllegalStateException(who + " computed w.grad = " + Arrays.toString(grad) + ", expected "
                    + Arrays.toString(EXPECTED_GRAD));
        }
    }
}
