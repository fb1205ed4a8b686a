package io.streamgrad.nn.functional;

import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Reduction;
import io.streamgrad.tensor.Tensor;

/**
 * The functional forms of the layers, activations and losses, as {@code torch.nn.functional} (imported as
 * {@code F} in PyTorch code). Each delegates to the engine and records the node PyTorch records.
 */
public final class F {
    private F() {
    }

    /** {@code max(input, 0)} element-wise, as {@code F.relu}; NaN stays NaN. */
    public static Tensor relu(Tensor input) {
        return input.relu();
    }

    /** The hyperbolic tangent element-wise, as {@code F.tanh}. */
    public static Tensor tanh(Tensor input) {
        return input.tanh();
    }

    /** {@code 1 / (1 + exp(-input))} element-wise, as {@code F.sigmoid}. */
    public static Tensor sigmoid(Tensor input) {
        return input.sigmoid();
    }

    /** {@code input · weightᵀ + bias}; {@code bias} may be null. See {@link Functional#linear}. */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return Functional.linear(input, weight, bias);
    }

    /** {@code input · weightᵀ}, without a bias. */
    public static Tensor linear(Tensor input, Tensor weight) {
        return Functional.linear(input, weight, null);
    }

    /** The mean squared error, PyTorch's default reduction. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return Functional.mseLoss(input, target);
    }

    /** {@code (input - target)²} element-wise, averaged, summed or left unreduced as {@code reduction} says. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return Functional.mseLoss(input, target, reduction);
    }
}
