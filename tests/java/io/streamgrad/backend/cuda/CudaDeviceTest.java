package io.streamgrad.backend.cuda;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** The CUDA backend against the CPU backend ({@link DeviceChecks}), on a real GPU; skipped without one. */
@RequiresCuda
class CudaDeviceTest {
    @TestFactory
    Stream<DynamicTest> cudaMatchesTheCpuBackend() {
        return new DeviceChecks(10_000).all().stream()
                .map(check -> DynamicTest.dynamicTest(check.name(), check.body()::run));
    }
}
