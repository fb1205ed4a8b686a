package io.streamgrad.tensor;

import io.streamgrad.autograd.BackwardFunction;
import io.streamgrad.autograd.FunctionNode;

/** Attaches an op's backward to its output when grad mode is on and some input requires grad. */
final class Recorder {
    private Recorder() {
    }

    static boolean needsGrad(Tensor... inputs) {
        if (!Tensor.recording()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records {@code name}'s backward for {@code out} and returns {@code out}.
     *
     * @param saved tensors the backward needs, version-checked when it runs
     */
    static Tensor record(Tensor out, String name, Tensor[] inputs, BackwardFunction backward, Tensor... saved) {
        if (needsGrad(inputs)) {
            out.gradFn = new FunctionNode(name, inputs, backward, out, saved);
        }
        return out;
    }
}
