package io.streamgrad.backend.cpu;

/**
 * Which implementation computes the blocked path of {@link Gemm#sgemm} (float32 products above the
 * small-size and skinny cut-offs). Both give bit-identical results; they differ only in speed.
 *
 * <p>The choice is made once per JVM, when {@link #selected()} is first called: {@link #VECTOR} when the
 * {@code jdk.incubator.vector} module is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}), the CPU's vectors hold at least 8 floats, and system
 * property {@value Gemm#VECTOR_PROPERTY} is not {@code false}; {@link #PLAIN} otherwise.
 */
enum SgemmKernel {
    /** Auto-vectorized plain Java; always available. */
    PLAIN,
    /** {@link VectorSgemm}: register-blocked on the incubating Vector API; 1.5 to 2 times as fast as PLAIN. */
    VECTOR;

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** The kernel {@link Gemm#sgemm} uses in this JVM. */
    static SgemmKernel selected() {
        return Selection.KERNEL;
    }

    /** Whether the Vector API module was resolved at startup, so that {@link VectorSgemm} can be loaded. */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * The selection rule. {@link VectorSgemm} is touched (and so loaded) only when the module is present:
     * in a JVM without it, loading that class would fail.
     */
    static SgemmKernel select(boolean modulePresent, String vectorProperty) {
        if (!modulePresent || "false".equalsIgnoreCase(vectorProperty)) {
            return PLAIN;
        }
        return VectorSgemm.worthwhile() ? VECTOR : PLAIN;
    }

    /** Holder: the choice is made on first use, not when the enum is loaded. */
    private static final class Selection {
        static final SgemmKernel KERNEL = select(vectorModulePresent(), System.getProperty(Gemm.VECTOR_PROPERTY));
    }
}
