package io.streamgrad.backend.cuda;

import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Counts the driver calls small ops make, on the CPU stand-in driver (tests/gpu/mock), whose
 * {@code sgmock_stats} counts them: launch-bound workloads are only fast if an op is one launch with no
 * memset, copy or synchronization. Prints one line per op: name, then launches, host-to-device copies,
 * device-to-host copies, memsets, device-to-device copies, allocations, frees and synchronizations.
 */
public final class LaunchCountProbe {
    private static final Device CUDA = Device.cuda(0);
    private static MethodHandle stats;

    private LaunchCountProbe() {
    }

    public static void main(String[] args) throws Throwable {
        SymbolLookup driver = SymbolLookup.libraryLookup(System.getProperty(NativeLibraries.DRIVER_PROPERTY),
                Arena.global());
        stats = Linker.nativeLinker().downcallHandle(driver.findOrThrow("sgmock_stats"),
                FunctionDescriptor.ofVoid(ADDRESS));
        Tensor a = measure("upload 3 floats", () -> Tensor.of(1f, 2f, 3f).to(CUDA));
        try (CudaScope ignored = CudaBackend.scope()) {
            measure("a + a", () -> a.add(a));
        }
        measure("a + a again (cached block)", () -> a.add(a));
        measure("a * 2.0", () -> a.mul(2.0));
        Tensor s = measure("sum of 3", a::sum);
        measure("item", () -> Tensor.scalar(s.item()));
        io.streamgrad.nn.Linear model = new io.streamgrad.nn.Linear(3, 1);
        model.to(CUDA);
        io.streamgrad.optim.SGD optimizer = new io.streamgrad.optim.SGD(model.parameters(), 0.01);
        io.streamgrad.nn.MSELoss lossFn = new io.streamgrad.nn.MSELoss();
        Tensor x = Tensor.randn(1024, 3).to(CUDA);
        Tensor y = Tensor.randn(1024, 1).to(CUDA);
        for (int i = 0; i < 3; i++) {
            measure("Linear(3->1) training step", () -> {
                try (CudaScope ignored = CudaBackend.scope()) {
                    optimizer.zeroGrad();
                    Tensor loss = lossFn.forward(model.forward(x), y);
                    loss.backward();
                    optimizer.step();
                    return null;
                }
            });
        }
    }

    private static Tensor measure(String name, Supplier<Tensor> op) throws Throwable {
        long[] before = read();
        Tensor result = op.get();
        long[] after = read();
        StringBuilder line = new StringBuilder(name);
        for (int i = 0; i < before.length; i++) {
            line.append(i == 0 ? ": " : " ").append(after[i] - before[i]);
        }
        System.out.println(line);
        return result;
    }

    private static long[] read() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG, 8);
            stats.invokeExact(out);
            return out.toArray(JAVA_LONG);
        }
    }
}
