package io.streamgrad.autograd;

/**
 * Whether operations record a graph, per thread, as PyTorch's grad mode. Use {@link Autograd#noGrad()}
 * and {@link Autograd#enableGrad()} scopes rather than setting it directly.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** Whether ops on the calling thread record a graph; {@code true} on a thread that never changed it. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    static boolean set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return previous;
    }
}
