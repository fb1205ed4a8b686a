package io.streamgrad.optim;

import io.streamgrad.tensor.Tensor;

/**
 * Adam with decoupled weight decay, as PyTorch's {@code torch.optim.AdamW} (which, like this class, is Adam
 * with {@code decoupled_weight_decay=True}): each step first shrinks the parameter,
 * {@code p = p·(1 − lr·weight_decay)}, then applies Adam's update without weight decay on the gradient.
 * PyTorch's defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8, weight_decay 0.01.
 */
public final class AdamW extends Adam {
    /** AdamW's defaults as Adam options: weight decay 0.01, decoupled. */
    public static Adam.Options defaultOptions() {
        return Adam.Options.defaults().withWeightDecay(0.01).withDecoupledWeightDecay(true);
    }

    /** AdamW with PyTorch's defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public AdamW(Iterable<Tensor> params) {
        this(params, defaultOptions());
    }

    /** AdamW with PyTorch's defaults but learning rate {@code lr}. */
    public AdamW(Iterable<Tensor> params, double lr) {
        this(params, defaultOptions().withLr(lr));
    }

    /** AdamW with {@code options}; weight decay is always decoupled, whatever the options say. */
    public AdamW(Iterable<Tensor> params, Adam.Options options) {
        super(params, options.withDecoupledWeightDecay(true));
    }
}
