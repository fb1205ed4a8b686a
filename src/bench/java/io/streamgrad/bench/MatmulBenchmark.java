package io.streamgrad.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.streamgrad.backend.cpu.Gemm;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * float32 {@code n×n · n×n} products, side by side: our {@link Gemm#sgemm} as the engine runs it (its Vector
 * API kernel, since the fork adds {@code jdk.incubator.vector}), the same with its plain-Java kernel forced
 * ({@value Gemm#VECTOR_PROPERTY}{@code =false}), and libtorch through DJL's {@code NDArray.matMul}.
 *
 * <p>The primary score is products per second; the secondary {@code gflops} score is GFLOP/s
 * ({@code 2·n³} flops per product). {@code threads=all} means {@link Runtime#availableProcessors()}.
 * JMH forks a fresh JVM for each parameter combination, so libtorch's intra-op thread count, which
 * PyTorch fixes when the engine starts ({@code ai.djl.pytorch.num_threads}), is set per fork in
 * {@link #setUp()} before DJL is first touched. DJL runs offline and unpacks libtorch from the
 * {@code pytorch-native-cpu} jar into {@code target/djl-cache} (run from the project root).
 *
 * <p>Run: {@code ./mvnw -Pbench package -DskipTests && java -jar target/benchmarks.jar MatmulBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
        "--add-modules=jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED",
        "-Dai.djl.offline=true",
        "-DDJL_CACHE_DIR=target/djl-cache",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class MatmulBenchmark {

    @Param({"256", "1024"})
    public int n;

    /** "1" or "all" (every available processor), for our kernels and libtorch alike. */
    @Param({"1", "all"})
    public String threads;

    /** "gemm": the engine's default kernel; "gemmPlain": its plain-Java kernel; "libtorch": DJL. */
    @Param({"gemm", "gemmPlain", "libtorch"})
    public String impl;

    private int threadCount;
    private float[] a;
    private float[] b;
    private float[] c;
    private NDManager manager;
    private NDArray ta;
    private NDArray tb;

    /** GFLOP/s as a JMH secondary result: OPERATIONS counters are reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflops;
    }

    @Setup(Level.Trial)
    public void setUp() {
        threadCount = "all".equals(threads) ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads);
        Random rnd = new Random(42);
        a = new float[n * n];
        b = new float[n * n];
        c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() * 2 - 1;
            b[i] = rnd.nextFloat() * 2 - 1;
        }
        if ("gemm".equals(impl) && ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("the fork lacks --add-modules jdk.incubator.vector: gemm would not"
                    + " measure the engine's Vector API kernel");
        }
        if ("gemmPlain".equals(impl)) {
            // Gemm reads the property on its first call, and each parameter combination runs in a fresh fork.
            System.setProperty(Gemm.VECTOR_PROPERTY, "false");
        }
        if ("libtorch".equals(impl)) {
            // Read once when the PyTorch engine starts: must be set before the first DJL call.
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threadCount));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            manager = Engine.getEngine("PyTorch").newBaseManager();
            if (JniUtils.getNumThreads() != threadCount) {
                throw new IllegalStateException("libtorch runs " + JniUtils.getNumThreads()
                        + " intra-op threads, wanted " + threadCount);
            }
            ta = manager.create(a, new Shape(n, n));
            tb = manager.create(b, new Shape(n, n));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }

    @Benchmark
    public Object matmul(Flops flops) {
        flops.gflops += 2.0 * n * n * n / 1e9;
        switch (impl) {
            case "gemm", "gemmPlain" -> Gemm.sgemm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, false, threadCount);
            case "libtorch" -> {
                // matMul allocates its result; closing it returns the buffer to libtorch's allocator.
                try (NDArray product = ta.matMul(tb)) {
                    return product.getShape();
                }
            }
            default -> throw new IllegalArgumentException(impl);
        }
        return c;
    }
}
