package io.streamgrad.nn;

import io.streamgrad.nn.functional.F;
import io.streamgrad.tensor.Tensor;

/** The element-wise activation the hyperbolic tangent, as PyTorch's {@code nn.Tanh()}. No parameters; prints as {@code Tanh()}. */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.tanh(input);
    }
}
