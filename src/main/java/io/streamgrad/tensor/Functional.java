package io.streamgrad.tensor;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;

/**
 * Functional forms of the layers and losses, as {@code torch.nn.functional}: {@link #linear} and
 * {@link #mseLoss}. Each records the node PyTorch records for the same call.
 */
public final class Functional {
    private Functional() {
    }

    /**
     * {@code x · weightᵀ + bias}; {@code bias} may be null. x is [..., in], weight [out, in], bias [out].
     * As in PyTorch, a 2-D input with a bias records {@code AddmmBackward0} and a contiguous 3-D input with a
     * bias {@code ViewBackward0}; other forms are a matmul followed by an add.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) {
            throw new TensorException("linear expects a 2-D weight [out_features, in_features], got shape "
                    + weight.shape());
        }
        if (bias != null && (x.dim() == 2 || x.dim() == 3 && x.isContiguous())) {
            return addmm(x, weight, bias);
        }
        Tensor out = x.matmul(weight.t());
        return bias == null ? out : out.add(bias);
    }

    /** The fused {@code bias + x2d · weightᵀ}, reshaped back to x's leading dims. */
    private static Tensor addmm(Tensor x, Tensor weight, Tensor bias) {
        int in = x.size(-1);
        int outFeatures = weight.size(0);
        MatrixProducts.checkMatmulShapes((int) (x.numel() / Math.max(in, 1)), in, weight.size(1), outFeatures);
        int rows = (int) (x.numel() / Math.max(in, 1));
        Tensor x2 = x.detach().reshape(rows, in);
        Tensor y;
        try (GradScope ignored = Autograd.noGrad()) {
            y = MatrixProducts.product2d(x2, weight.detach().t());
            y = y.add(bias.detach());
            if (y.dtype() != x.dtype()) {
                y = y.to(x.dtype());
            }
        }
        int[] outShape = x.sizes.clone();
        outShape[outShape.length - 1] = outFeatures;
        Tensor out = y.reshape(outShape);
        int[] xSizes = x.sizes;
        int[] bSizes = bias.sizes;
        String name = x.dim() == 2 ? "AddmmBackward0" : "ViewBackward0";
        // The input rarely needs a gradient (it is data): skip that product, as PyTorch does.
        boolean needX = x.requiresGrad();
        boolean needW = weight.requiresGrad();
        return Recorder.record(out, name, new Tensor[] {x, weight, bias}, (g, s) -> {
            Tensor g2 = g.reshape(rows, outFeatures);
            return new Tensor[] {
                needX ? MatrixProducts.product2d(g2, s[1]).reshape(xSizes) : null,
                needW ? MatrixProducts.product2d(g2.t(), s[0].reshape(rows, in)) : null,
                Elementwise.sumToSize(g2, bSizes)};
        }, x, weight);
    }

    /** Mean squared error between {@code input} and {@code target} (broadcast), as {@code F.mse_loss}. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        Tensor diff;
        Tensor out;
        try (GradScope ignored = Autograd.noGrad()) {
            diff = input.sub(target);
            Tensor squared = diff.mul(diff);
            out = switch (reduction) {
                case MEAN -> squared.mean();
                case SUM -> squared.sum();
                case NONE -> squared;
            };
        }
        long n = diff.numel();
        int[] inSizes = input.sizes;
        int[] targetSizes = target.sizes;
        Tensor d = diff;
        boolean needTarget = target.requiresGrad();
        return Recorder.record(out, "MseLossBackward0", new Tensor[] {input, target}, (g, s) -> {
            Tensor scale = reduction == Reduction.MEAN ? g.mul(2.0 / n) : g.mul(2L);
            Tensor grad = d.mul(scale);
            return new Tensor[] {Elementwise.sumToSize(grad, inSizes),
                needTarget ? Elementwise.sumToSize(grad.neg(), targetSizes) : null};
        }, input, target);
    }

    /** {@code mse_loss} with PyTorch's default reduction, the mean. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }
}
