package io.streamgrad.nn;

import io.streamgrad.tensor.Generator;
import io.streamgrad.tensor.Tensor;

/**
 * Parameter initialization, as {@code torch.nn.init}: the same formulas, drawing from the same generator
 * stream, so that a seed gives PyTorch's initial weights. Each function fills its tensor in place outside
 * autograd and returns it.
 */
public final class Init {
    private Init() {
    }

    /** Fills {@code t} with U(low, high) samples from the default generator, as {@code nn.init.uniform_}. */
    public static Tensor uniform_(Tensor t, double low, double high) {
        return uniform_(t, low, high, Generator.defaultGenerator());
    }

    /**
     * As {@link #uniform_(Tensor, double, double)}, drawing from {@code generator} in PyTorch's order and
     * rounding, so a seeded init equals PyTorch's bit for bit.
     */
    public static Tensor uniform_(Tensor t, double low, double high, Generator generator) {
        return generator.uniform_(t, low, high);
    }

    /**
     * He initialization for a layer followed by a leaky ReLU of negative slope {@code a}, as
     * {@code nn.init.kaiming_uniform_(t, a)} (mode {@code fan_in}): U(-bound, bound) with
     * {@code bound = sqrt(3) * gain / sqrt(fan_in)} and {@code gain = sqrt(2 / (1 + a²))}.
     * With {@code a = sqrt(5)} (what {@link Linear} uses) the bound is {@code 1 / sqrt(fan_in)}.
     */
    public static Tensor kaimingUniform_(Tensor t, double a) {
        return kaimingUniform_(t, a, Generator.defaultGenerator());
    }

    /** As {@link #kaimingUniform_(Tensor, double)}, drawing from {@code generator}. */
    public static Tensor kaimingUniform_(Tensor t, double a, Generator generator) {
        // Same operations in the same order as PyTorch, so the double-precision bound is bit-identical.
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double std = gain / Math.sqrt(fanIn(t));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(t, -bound, bound, generator);
    }

    /**
     * The number of inputs each output of a weight sees: {@code size(1)} times the product of the sizes
     * after dim 1, as PyTorch's {@code _calculate_fan_in_and_fan_out}.
     *
     * @throws IllegalArgumentException for tensors of fewer than 2 dims
     */
    public static int fanIn(Tensor weight) {
        if (weight.dim() < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than"
                    + " 2 dimensions (got shape " + weight.shape() + "); expected a weight [out, in, ...]");
        }
        int receptiveField = 1;
        for (int d = 2; d < weight.dim(); d++) {
            receptiveField *= weight.size(d);
        }
        return weight.size(1) * receptiveField;
    }
}
