package io.streamgrad.nn;

import io.streamgrad.tensor.Reduction;
import io.streamgrad.tensor.Tensor;

/**
 * A loss function as a module, as PyTorch's {@code _Loss}: it compares a prediction with a target, so it
 * is called with two tensors, {@link #forward(Tensor, Tensor)}, and reduces as its {@link Reduction} says.
 * Being a module, it has a repr and a training mode like any layer.
 */
public abstract class Loss extends Module {
    private final Reduction reduction;

    /**
     * A loss that reduces as {@code reduction} says.
     *
     * @throws IllegalArgumentException if {@code reduction} is null
     */
    protected Loss(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("reduction is null; expected Reduction.MEAN, SUM or NONE");
        }
        this.reduction = reduction;
    }

    /** How {@link #forward(Tensor, Tensor)} reduces the element-wise losses: mean, sum or none. */
    public final Reduction reduction() {
        return reduction;
    }

    /** The loss of {@code input} (the prediction) against {@code target}. */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** Always fails: a loss needs a target. Use {@link #forward(Tensor, Tensor)}. */
    @Override
    public final Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(typeName() + " compares a prediction with a target: call"
                + " forward(input, target), not forward(input)");
    }
}
