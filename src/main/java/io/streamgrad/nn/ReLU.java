package io.streamgrad.nn;

import io.streamgrad.nn.functional.F;
import io.streamgrad.tensor.Tensor;

/** The element-wise activation max(0, x), as PyTorch's {@code nn.ReLU()}. No parameters; prints as {@code ReLU()}. */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return F.relu(input);
    }
}
