package io.streamgrad.autograd;

import io.streamgrad.tensor.Tensor;

/**
 * An op's backward rule: the gradients of its inputs from the gradient of its output and the tensors it
 * saved (unpacked and version-checked, in the order they were saved).
 */
@FunctionalInterface
public interface BackwardFunction {
    Tensor[] apply(Tensor gradOutput, Tensor[] saved);
}
