package io.streamgrad.tensor;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;

/** softmax and log_softmax along one dim, computed stably (shifted by the max). */
final class Softmax {
    private Softmax() {
    }

    private static void checkFloat(Tensor x, String op) {
        if (!x.dtype().isFloatingPoint()) {
            throw new TensorException("\"" + op + "\" not implemented for '" + x.dtype().legacyName() + "'");
        }
    }

    static Tensor softmax(Tensor x, int dim) {
        checkFloat(x, "softmax_lastdim_kernel_impl");
        int d = ShapeChecks.wrapDim(dim, x.dim());
        Tensor out;
        try (GradScope ignored = Autograd.noGrad()) {
            Tensor e = x.sub(x.amax(d, true)).exp();
            out = e.div(e.sum(d, true));
        }
        return Recorder.record(out, "SoftmaxBackward0", new Tensor[] {x},
                (g, s) -> new Tensor[] {s[0].mul(g.sub(g.mul(s[0]).sum(d, true)))}, out);
    }

    static Tensor logSoftmax(Tensor x, int dim) {
        checkFloat(x, "log_softmax_lastdim_kernel_impl");
        int d = ShapeChecks.wrapDim(dim, x.dim());
        Tensor out;
        try (GradScope ignored = Autograd.noGrad()) {
            Tensor shifted = x.sub(x.amax(d, true));
            out = shifted.sub(shifted.exp().sum(d, true).log());
        }
        return Recorder.record(out, "LogSoftmaxBackward0", new Tensor[] {x},
                (g, s) -> new Tensor[] {g.sub(s[0].exp().mul(g.sum(d, true)))}, out);
    }
}
