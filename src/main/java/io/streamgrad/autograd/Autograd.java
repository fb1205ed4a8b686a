package io.streamgrad.autograd;

/**
 * Grad-mode scopes, as PyTorch's {@code torch.no_grad()} and {@code torch.enable_grad()}:
 *
 * <pre>{@code
 * try (var ignored = Autograd.noGrad()) {
 *     w.sub_(w.grad().mul(lr));   // not recorded
 * }
 * }</pre>
 *
 * Grad mode is per thread; scopes nest.
 */
public final class Autograd {
    private Autograd() {
    }

    /** Stops recording until the scope closes. */
    public static GradScope noGrad() {
        return new GradScope(false);
    }

    /** Records again inside a {@link #noGrad()} scope until this scope closes. */
    public static GradScope enableGrad() {
        return new GradScope(true);
    }

    /**
     * Whether ops on the calling thread record a graph now, as PyTorch's {@code torch.is_grad_enabled()}: false
     * inside a {@link #noGrad()} scope (unless an inner {@link #enableGrad()} is open) and during backward.
     */
    public static boolean isGradEnabled() {
        return GradMode.isEnabled();
    }
}
