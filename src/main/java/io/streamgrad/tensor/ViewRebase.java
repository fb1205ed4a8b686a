package io.streamgrad.tensor;

import io.streamgrad.autograd.AutogradException;
import io.streamgrad.autograd.FunctionNode;
import io.streamgrad.autograd.Node;

/**
 * A view's grad_fn after its base was modified in place: the view's values now come from the base's new
 * history, so its gradient is scattered into a base-shaped gradient ({@code AsStridedBackward0}) that
 * flows into the base's current grad_fn.
 */
final class ViewRebase {
    private ViewRebase() {
    }

    static Node rebase(Tensor view, Tensor base) {
        if (!base.requiresGrad()) {
            return view.gradFn;
        }
        if (!base.isContiguous()) {
            throw new AutogradException("streamgrad cannot differentiate through a view of a non-contiguous tensor"
                    + " that was modified in place; take the view after the in-place op, or use out-of-place ops");
        }
        int[] sizes = view.sizes.clone();
        int[] strides = view.strides.clone();
        int offset = view.offset - base.offset;
        int[] baseSizes = base.sizes.clone();
        return new FunctionNode("AsStridedBackward0", new Tensor[] {base}, (g, saved) -> {
            double[] full = new double[(int) Shape.numel(baseSizes)];
            double[] values = g.toDoubleArray();
            int[] index = new int[sizes.length];
            for (double value : values) {
                int at = offset;
                for (int d = 0; d < sizes.length; d++) {
                    at += index[d] * strides[d];
                }
                full[at] += value;
                for (int d = sizes.length - 1; d >= 0; d--) {
                    if (++index[d] < sizes[d]) {
                        break;
                    }
                    index[d] = 0;
                }
            }
            return new Tensor[] {Tensor.fromData(full, g.dtype(), baseSizes).to(g.device())};
        }, null);
    }
}
