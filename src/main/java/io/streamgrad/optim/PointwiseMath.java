package io.streamgrad.optim;

import io.streamgrad.tensor.Tensor;

/**
 * PyTorch's fused point-wise update ops that the engine does not offer yet ({@code lerp_},
 * {@code addcmul_}, {@code addcdiv_}, {@code maximum}), composed from engine ops with PyTorch's CPU
 * kernel's order of operations, so each intermediate rounds to float32 where PyTorch's does. Call inside a
 * no-grad scope. Scalars become the tensor's dtype first, as PyTorch's CPU kernels convert them.
 */
final class PointwiseMath {
    /** PyTorch's lerp switches formula at |weight| = 0.5 to stay accurate near both ends. */
    private static final float LERP_SWITCH = 0.5f;

    private PointwiseMath() {
    }

    /**
     * {@code self.lerp_(end, weight)}: {@code self + w·(end − self)} for {@code |w| < 0.5}, else
     * {@code end − (end − self)·(1 − w)}.
     */
    static Tensor lerp_(Tensor self, Tensor end, double weight) {
        float w = (float) weight;
        if (Math.abs(w) < LERP_SWITCH) {
            return self.add_(end.sub(self).mul((double) w));
        }
        return self.copy_(end.sub(end.sub(self).mul((double) (1f - w))));
    }

    /** {@code self.addcmul_(t1, t2, value=v)}: {@code self + (v·t1)·t2}. */
    static Tensor addcmul_(Tensor self, Tensor t1, Tensor t2, double value) {
        return self.add_(t1.mul(value).mul(t2));
    }

    /** {@code self.addcdiv_(t1, t2, value=v)}: {@code self + (v·t1)/t2}. */
    static Tensor addcdiv_(Tensor self, Tensor t1, Tensor t2, double value) {
        return self.add_(t1.mul(value).div(t2));
    }

    /** {@code torch.maximum(a, b)}: the larger element, NaN if either is NaN. */
    static Tensor maximum(Tensor a, Tensor b) {
        return Tensor.where(b.ne(b), b, Tensor.where(a.lt(b), b, a));
    }
}
