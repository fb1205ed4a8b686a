package io.streamgrad.backend.cuda;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole CUDA backend on a machine without a GPU: tests/gpu/mock builds a stand-in for libcuda.so.1 and
 * libcublas.so.13 from CUDA 13's own cuda.h and the real kernel sources, running the kernels on the CPU.
 * Child JVMs load it in place of the driver and run the GPU checks, the golden file on {@code cuda}, and the
 * error paths. This proves the FFM bindings against the header's prototypes, the kernel-parameter packing
 * and the kernels' logic; it cannot prove GPU-only behaviour (timing, the real driver's JIT, memory limits).
 * Skipped where g++ or cuda.h is missing.
 */
class MockDeviceTest {
    private static final Path MOCK = Path.of("target/cuda-mock").toAbsolutePath();

    @BeforeAll
    static void buildTheStandIn() throws IOException, InterruptedException {
        assumeTrue(onPath("g++"), "g++ is not installed");
        Result build = run(List.of("bash", "tests/gpu/mock/build.sh", MOCK.toString()), Map.of());
        assumeTrue(build.exit() != 2, "cuda.h is not installed: " + build.output());
        assertThat(build.exit()).as(build.output()).isZero();
    }

    private record Result(int exit, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), output);
    }

    /** A child JVM on this test's class path with the stand-in driver (and cuBLAS unless overridden). */
    private static Result java(Map<String, String> env, List<String> properties, String main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
                "-D" + NativeLibraries.DRIVER_PROPERTY + "=" + MOCK.resolve("libcuda.so.1"),
                "-D" + NativeLibraries.CUBLAS_PROPERTY + "=" + MOCK.resolve("libcublas.so.13")));
        command.addAll(properties);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        return run(command, env);
    }

    @Test
    void theDeviceChecksPassWithTheCubinAndCublas() throws Exception {
        Result r = java(Map.of(), List.of(), GpuSelfCheck.class.getName(), "300");

        assertThat(r.output()).contains("kernels: cubin streamgrad.sm_90.cubin", "matmul: cuBLAS");
        assertThat(r.lastLine()).as(r.output()).endsWith(" passed, 0 failed");
        assertThat(r.exit()).isZero();
    }

    @Test
    void theDeviceChecksPassWithThePtxAndTheBuiltInMatmul() throws Exception {
        Result r = java(Map.of("SG_MOCK_CUBIN_FAILS", "1"), List.of("-D" + NativeLibraries.CUBLAS_PROPERTY + "=none"),
                GpuSelfCheck.class.getName(), "50");

        assertThat(r.output()).contains("kernels: PTX streamgrad.compute_75.ptx (the cubin did not load: "
                + "cuModuleLoadData failed: CUDA_ERROR_NO_BINARY_FOR_GPU", "matmul: built-in tiled kernel");
        assertThat(r.lastLine()).as(r.output()).endsWith(" passed, 0 failed");
    }

    @Test
    void theGoldenFilePassesOnCuda() throws Exception {
        Result r = java(Map.of(), List.of(), "io.streamgrad.cli.Main", "golden", "tests/resources/golden/torch_ops.json",
                "--device", "cuda");

        assertThat(r.lastLine()).as(r.output()).matches("\\d+ passed, \\d+ failed");
        // The runner compares CUDA results with reprs and messages PyTorch printed for CPU tensors, so until it
        // is device-aware it fails items only for that: a "torch.cuda.FloatTensor" type name, a
        // device='cuda:0' suffix, and the last printed digit of float32 sums (added in float64 on the GPU).
        List<String> failures = r.output().lines().filter(line -> line.startsWith("FAIL ")).toList();
        assertThat(failures).as(r.output()).allSatisfy(line -> assertThat(line).containsAnyOf(
                "[torch.cuda.FloatTensor [3]]", "device='cuda:0'"));
    }

    @Test
    void aMachineWithoutAGpuIsReportedWithTheDriversError() throws Exception {
        Result r = java(Map.of("SG_MOCK_NO_DEVICE", "1"), List.of(), GpuSelfCheck.class.getName());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("cuInit failed with CUDA_ERROR_NO_DEVICE (100): the driver sees no"
                + " CUDA-capable GPU");
    }

    @Test
    void anOutOfMemoryErrorNamesTheCallAndWhatIsInUse() throws Exception {
        Result r = java(Map.of("SG_MOCK_MEMORY", String.valueOf(64L << 20)), List.of(), OutOfMemoryProbe.class.getName());

        assertThat(r.output()).as(r.output()).contains("cuMemAlloc_v2 failed: CUDA_ERROR_OUT_OF_MEMORY (2)",
                "bytes in use by streamgrad tensors");
    }

    @Test
    void smallOpsAreOneLaunchWithoutCopiesOrSynchronization() throws Exception {
        Result r = java(Map.of(), List.of(), LaunchCountProbe.class.getName());

        // launches, host-to-device, device-to-host, memsets, device-to-device, allocations, frees, syncs
        assertThat(r.output()).as(r.output())
                .contains("upload 3 floats: 1 0 0 0 0 1 0 0")
                .contains("a + a: 1 0 0 0 0 1 0 0")
                .contains("a + a again (cached block): 1 0 0 0 0 0 0 0")
                .contains("item: 0 0 1 0 0 0 0 0");
        // a scalar operand is uploaded inside a launch (no copy that waits for the queue), then cast: the
        // engine moves operands to the device before casting them (3 launches; 2 if it cast on the host)
        assertThat(r.output()).containsPattern("a \\* 2\\.0: \\d 0 0 0 0 \\d 0 0")
                .containsPattern("sum of 3: 1 0 0 0 0 \\d 0 0");
    }
}
