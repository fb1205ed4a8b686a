package io.streamgrad.bench;

import io.streamgrad.backend.cpu.Gemm;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's hot-loop case: a {@code 1×3 · 3×1} product through {@link Gemm#sgemm}. The target is
 * well under 50 ns and no allocation ({@code -prof gc} shows {@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TinyGemmBenchmark {
    private final float[] a = {0.5f, -1.25f, 2f};
    private final float[] b = {3f, 0.75f, -1f};
    private final float[] c = new float[1];

    @Benchmark
    public float rowTimesColumn() {
        Gemm.sgemm(1, 1, 3, a, 0, 3, 1, b, 0, 1, 1, c, 0, 1, false, 1);
        return c[0];
    }
}
