package io.streamgrad.autograd;

import io.streamgrad.tensor.Tensor;

/**
 * An op's backward rule: the gradients of its inputs from the gradient of its output and the tensors it
 * saved (unpacked and version-checked, in the order they were saved).
 */
@FunctionalInterface
public interface BackwardFunction {
    /**
     * Computes the gradients of the op's inputs. Runs with grad mode off.
     *
     * @param gradOutput the gradient of the op's output, shaped as the output
     * @param saved the saved tensors; unpacking has already thrown {@link AutogradException} if one was freed
     *     or modified in place since it was saved
     * @return one gradient per input, in input order; a {@code null} entry (or a shorter array) sends no
     *     gradient to that input. A gradient of another dtype or device than its input is cast to the input's
     *     dtype and moved to its device (a CPU scalar in a CUDA op gets a CPU gradient).
     */
    Tensor[] apply(Tensor gradOutput, Tensor[] saved);
}
