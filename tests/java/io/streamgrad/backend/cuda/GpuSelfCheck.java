package io.streamgrad.backend.cuda;

import io.streamgrad.tensor.Backends;

import java.util.List;

/**
 * The CUDA checks without JUnit, for the GPU machine (tests/gpu/check.sh), which carries the project's
 * classes but no test libraries. Prints the device, one line per check and {@code N passed, M failed};
 * exits with 1 when a check failed and 2 when there is no usable GPU.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp ... io.streamgrad.backend.cuda.GpuSelfCheck
 * [training steps for the leak check, default 10000]}
 */
public final class GpuSelfCheck {
    private GpuSelfCheck() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        if (!Backends.cudaAvailable()) {
            try {
                CudaBackend.open(0);
            } catch (RuntimeException e) {
                System.out.println("no usable GPU: " + e.getMessage());
            }
            System.exit(2);
        }
        System.out.println(CudaBackend.open(0).describe());
        List<DeviceChecks.Check> checks = new DeviceChecks(steps).all();
        int failed = 0;
        for (DeviceChecks.Check check : checks) {
            long start = System.nanoTime();
            try {
                check.body().run();
                System.out.printf("PASS %s (%d ms)%n", check.name(), (System.nanoTime() - start) / 1_000_000);
            } catch (AssertionError | RuntimeException e) {
                failed++;
                System.out.printf("FAIL %s: %s%n", check.name(), e);
                StackTraceElement[] trace = e.getStackTrace();
                for (int i = 0; i < Math.min(8, trace.length); i++) {
                    System.out.println("    at " + trace[i]);
                }
            }
        }
        System.out.printf("%d passed, %d failed%n", checks.size() - failed, failed);
        System.exit(failed == 0 ? 0 : 1);
    }
}
