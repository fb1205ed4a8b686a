package io.streamgrad.backend.cuda;

import io.streamgrad.tensor.DType;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernels of {@code src/main/cuda}, loaded from the binaries build.sh commits under
 * {@code src/main/resources/cuda}: the sm_90 cubin where the GPU runs it (Hopper; loads in ~0.1 ms), else the
 * PTX, which the driver compiles for the GPU at hand (~250 ms, cached by the driver afterwards). The system
 * property {@code streamgrad.cuda.image} ({@code auto}, {@code cubin}, {@code ptx}) forces one, e.g. to test
 * the PTX path on a Hopper GPU.
 */
final class KernelModule {
    static final String IMAGE_PROPERTY = "streamgrad.cuda.image";
    static final String CUBIN = "streamgrad.sm_90.cubin";
    static final String PTX = "streamgrad.compute_75.ptx";
    static final String RESOURCE_DIR = "/cuda/";

    private final Driver driver;
    private final MemorySegment module;
    private final Map<String, Kernel> kernels = new ConcurrentHashMap<>();
    /** Which image was loaded, and why the cubin was not, if it was not. */
    final String description;

    private KernelModule(Driver driver, MemorySegment module, String description) {
        this.driver = driver;
        this.module = module;
        this.description = description;
    }

    /** Loads the module into the current context. */
    static KernelModule load(Driver driver, int ccMajor, int ccMinor) {
        String choice = System.getProperty(IMAGE_PROPERTY, "auto");
        String why;
        if (choice.equals("ptx")) {
            why = IMAGE_PROPERTY + "=ptx";
        } else if (ccMajor != 9 && !choice.equals("cubin")) {
            why = "the cubin is for sm_90 and this GPU is sm_" + ccMajor + ccMinor;
        } else {
            try {
                return new KernelModule(driver, loadImage(driver, CUBIN, false), "cubin " + CUBIN);
            } catch (CudaException e) {
                if (choice.equals("cubin")) {
                    throw e;
                }
                why = "the cubin did not load: " + e.getMessage();
            }
        }
        return new KernelModule(driver, loadImage(driver, PTX, true), "PTX " + PTX + " (" + why + ")");
    }

    private static MemorySegment loadImage(Driver driver, String resource, boolean text) {
        byte[] bytes;
        try (InputStream in = KernelModule.class.getResourceAsStream(RESOURCE_DIR + resource)) {
            if (in == null) {
                throw new CudaUnavailableException("the kernel image " + RESOURCE_DIR + resource + " is missing from"
                        + " the class path: this build of streamgrad is incomplete (src/main/cuda/build.sh makes it)");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new CudaUnavailableException("could not read the kernel image " + resource + ": " + e, e);
        }
        try (Arena arena = Arena.ofConfined()) {
            // PTX is a C string: the driver reads it up to the NUL
            MemorySegment image = arena.allocate(bytes.length + (text ? 1 : 0), 8);
            MemorySegment.copy(bytes, 0, image, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            return driver.loadModule(image);
        }
    }

    /** The kernel named {@code name}; looked up once, then cached. */
    Kernel kernel(String name) {
        return kernels.computeIfAbsent(name, n -> new Kernel(n, driver.function(module, n)));
    }

    /**
     * The kernels {@code prefix + suffix(dtype)} of each dtype, resolved on first use: hot paths index an
     * array instead of building a name and hashing it for every launch.
     */
    Family family(String prefix, java.util.function.Function<DType, String> suffix) {
        return new Family(this, prefix, suffix);
    }

    /** One kernel per dtype, named by a common prefix. */
    static final class Family {
        private final KernelModule module;
        private final String[] names = new String[DType.values().length];
        private final Kernel[] kernels = new Kernel[DType.values().length];

        private Family(KernelModule module, String prefix, java.util.function.Function<DType, String> suffix) {
            this.module = module;
            for (DType dtype : DType.values()) {
                names[dtype.ordinal()] = prefix + suffix.apply(dtype);
            }
        }

        Kernel of(DType dtype) {
            Kernel k = kernels[dtype.ordinal()];
            if (k == null) {
                k = module.kernel(names[dtype.ordinal()]);
                kernels[dtype.ordinal()] = k;
            }
            return k;
        }
    }
}
