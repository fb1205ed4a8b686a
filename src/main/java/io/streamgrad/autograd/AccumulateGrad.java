package io.streamgrad.autograd;

import io.streamgrad.tensor.Tensor;

/** The end of a path in the graph: adds the gradient that arrives into a leaf's {@code grad}. */
public final class AccumulateGrad extends Node {
    private final Tensor leaf;

    AccumulateGrad(Tensor leaf) {
        super("AccumulateGrad");
        this.leaf = leaf;
    }

    /** The leaf this node accumulates into. */
    public Tensor variable() {
        return leaf;
    }

    @Override
    protected Tensor[] apply(Tensor gradOutput) {
        if (!leaf.requiresGrad()) {
            // As PyTorch's AccumulateGrad: a leaf frozen with requiresGrad_(false) after the forward gets no grad.
            return new Tensor[0];
        }
        Tensor g = gradOutput.dtype() == leaf.dtype() ? gradOutput : gradOutput.to(leaf.dtype());
        Tensor current = leaf.grad();
        if (current == null) {
            // Own the storage: the same gradient tensor may also flow to other leaves.
            leaf.setGrad(g.clone());
        } else {
            current.add_(g);
        }
        return new Tensor[0];
    }
}
