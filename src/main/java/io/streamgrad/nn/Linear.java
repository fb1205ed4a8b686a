package io.streamgrad.nn;

import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Tensor;

/**
 * A fully connected layer {@code y = x · weightᵀ + bias}, as PyTorch's {@code nn.Linear}: weight
 * {@code [out_features, in_features]}, bias {@code [out_features]} (or none), input {@code [..., in_features]}.
 *
 * <p>Initialization is PyTorch's: the weight by {@code kaiming_uniform_(a=√5)}, i.e. U(-1/√in, 1/√in), then
 * the bias by U(-1/√in, 1/√in), both drawn from the default generator in that order. So
 * {@code Tensor.manualSeed(s); new Linear(3, 1)} holds the values of
 * {@code torch.manual_seed(s); nn.Linear(3, 1)}.
 */
public final class Linear extends Module {
    /** PyTorch's negative slope for the weight's Kaiming init; it makes the bound 1/√fan_in. */
    private static final double KAIMING_SLOPE = Math.sqrt(5);

    private final int inFeatures;
    private final int outFeatures;

    /** A layer with a bias. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    /** A layer with or without a bias ({@code bias=False} leaves {@link #bias()} null). */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear needs non-negative sizes, got in_features=" + inFeatures
                    + ", out_features=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        Tensor weight = Tensor.zeros(outFeatures, inFeatures);
        Init.kaimingUniform_(weight, KAIMING_SLOPE);
        registerParameter("weight", Parameter.of(weight));
        Tensor b = null;
        if (bias) {
            int fanIn = Init.fanIn(weight);
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            b = Init.uniform_(Tensor.zeros(outFeatures), -bound, bound);
        }
        registerParameter("bias", b == null ? null : Parameter.of(b));
    }

    /** The live weight {@code [out_features, in_features]}. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** The live bias {@code [out_features]}, or null for a layer built without one. */
    public Tensor bias() {
        return parameter("bias");
    }

    /** The size of each input's last dimension. */
    public int inFeatures() {
        return inFeatures;
    }

    /** The size of each output's last dimension. */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.linear(input, weight(), bias());
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias="
                + (bias() != null ? "True" : "False");
    }
}
