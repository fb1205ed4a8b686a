package io.streamgrad.nn;

import io.streamgrad.nn.functional.F;
import io.streamgrad.tensor.Reduction;
import io.streamgrad.tensor.Tensor;

/**
 * The mean squared error {@code (input - target)²}, reduced by mean (the default), sum or not at all, as
 * PyTorch's {@code nn.MSELoss}. Input and target broadcast. Prints as {@code MSELoss()} whatever the
 * reduction, as PyTorch does.
 */
public final class MSELoss extends Loss {
    /** The mean over all elements. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** The squared errors reduced as {@code reduction} says ({@code NONE} returns them element-wise). */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.mseLoss(input, target, reduction());
    }
}
