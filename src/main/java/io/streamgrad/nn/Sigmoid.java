package io.streamgrad.nn;

import io.streamgrad.nn.functional.F;
import io.streamgrad.tensor.Tensor;

/** The element-wise activation 1 / (1 + exp(-x)), as PyTorch's {@code nn.Sigmoid()}. No parameters; prints as {@code Sigmoid()}. */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.sigmoid(input);
    }
}
