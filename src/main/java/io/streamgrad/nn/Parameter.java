package io.streamgrad.nn;

import io.streamgrad.tensor.Tensor;

/**
 * PyTorch's {@code nn.Parameter}, as a factory. PyTorch's Parameter is a Tensor subclass; our {@link Tensor}
 * is final, so a parameter is simply a leaf tensor that requires grad and that a {@link Module} has
 * registered under a name. The module hands out that same live tensor ({@code linear.weight()}), so an
 * optimizer updates it in place under {@link io.streamgrad.autograd.Autograd#noGrad()} and the module sees
 * the new values.
 */
public final class Parameter {
    private Parameter() {
    }

    /**
     * A leaf that requires grad and shares {@code data}'s storage, as {@code nn.Parameter(data)}.
     *
     * @throws io.streamgrad.tensor.TensorException when {@code data} is not floating point (only those can
     *                                              require gradients)
     */
    public static Tensor of(Tensor data) {
        return of(data, true);
    }

    /** As {@link #of(Tensor)}, with {@code requiresGrad} chosen: {@code nn.Parameter(data, requires_grad)}. */
    public static Tensor of(Tensor data, boolean requiresGrad) {
        // detach: a parameter is a leaf even when data came out of a graph.
        return data.detach().requiresGrad_(requiresGrad);
    }
}
