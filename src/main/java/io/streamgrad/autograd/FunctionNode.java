package io.streamgrad.autograd;

import io.streamgrad.tensor.Tensor;

/** A {@link Node} whose backward is a {@link BackwardFunction} over saved tensors. */
public final class FunctionNode extends Node {
    private final BackwardFunction function;
    private final SavedTensor[] saved;

    /**
     * @param output the op's output; a saved tensor that is this output is reported as "output 0 of NAME"
     * @param toSave tensors the backward needs, unpacked in this order
     */
    public FunctionNode(String name, Tensor[] inputs, BackwardFunction function, Tensor output, Tensor... toSave) {
        super(name, inputs);
        this.function = function;
        this.saved = new SavedTensor[toSave.length];
        for (int i = 0; i < toSave.length; i++) {
            Tensor t = toSave[i];
            saved[i] = new SavedTensor(t, t == output ? name : null);
        }
    }

    @Override
    protected Tensor[] apply(Tensor gradOutput) {
        Tensor[] values = new Tensor[saved.length];
        for (int i = 0; i < saved.length; i++) {
            values[i] = saved[i].unpack();
        }
        return function.apply(gradOutput, values);
    }

    @Override
    protected void release() {
        for (SavedTensor s : saved) {
            s.release();
        }
    }
}
