package io.streamgrad.nn;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.tensor.Tensor;

/**
 * Gradient housekeeping shared by {@link Module#zeroGrad(boolean)} and the optimizers' {@code zeroGrad}, so
 * both clear gradients the same way PyTorch does.
 */
public final class Gradients {
    private Gradients() {
    }

    /**
     * Clears the gradient of each tensor: to null with {@code setToNone} (PyTorch 2's default, which frees
     * the memory and lets optimizers skip the tensor), else to zeros in place, cut from any graph.
     */
    public static void zero(Iterable<Tensor> tensors, boolean setToNone) {
        try (GradScope ignored = Autograd.noGrad()) {
            for (Tensor p : tensors) {
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                if (setToNone) {
                    p.setGrad(null);
                } else {
                    if (g.requiresGrad()) {
                        // A gradient built with a graph must not keep that graph alive once zeroed.
                        g = g.detach();
                        p.setGrad(g);
                    }
                    g.zero_();
                }
            }
        }
    }
}
