package io.streamgrad.tensor;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;

import java.util.Arrays;
import java.util.List;

/** cat and stack. */
final class Joins {
    private Joins() {
    }

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new TensorException("torch.cat(): expected a non-empty list of Tensors");
        }
        Tensor first = tensors.get(0);
        int d = ShapeChecks.wrapDim(dim, first.dim());
        int[] sizes = first.sizes.clone();
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dim() != first.dim()) {
                throw new TensorException("Tensors must have same number of dimensions: got " + first.dim() + " and "
                        + t.dim());
            }
            for (int k = 0; k < t.dim(); k++) {
                if (k != d && t.sizes[k] != first.sizes[k]) {
                    throw new TensorException("Sizes of tensors must match except in dimension " + d + ". Expected size "
                            + first.sizes[k] + " but got size " + t.sizes[k] + " for tensor number " + i
                            + " in the list.");
                }
            }
            total += t.sizes[d];
        }
        sizes[d] = total;
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        DType type = TypePromotion.resultType(inputs);
        Device device = Elementwise.commonDevice(inputs);
        Tensor out = Creation.empty(sizes, type, device);
        int[] offsets = new int[inputs.length];
        int[] lengths = new int[inputs.length];
        try (GradScope ignored = Autograd.noGrad()) {
            int at = 0;
            for (int i = 0; i < inputs.length; i++) {
                offsets[i] = at;
                lengths[i] = inputs[i].sizes[d];
                out.narrow(d, at, lengths[i]).copyFrom(inputs[i]);
                at += lengths[i];
            }
        }
        return Recorder.record(out, "CatBackward0", inputs, (g, s) -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = g.narrow(d, offsets[i], lengths[i]);
            }
            return grads;
        });
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new TensorException("stack expects a non-empty TensorList");
        }
        Tensor first = tensors.get(0);
        for (int i = 1; i < tensors.size(); i++) {
            if (!Arrays.equals(tensors.get(i).sizes, first.sizes)) {
                throw new TensorException("stack expects each tensor to be equal size, but got "
                        + Arrays.toString(first.sizes) + " at entry 0 and " + Arrays.toString(tensors.get(i).sizes)
                        + " at entry " + i);
            }
        }
        int d = ShapeChecks.wrapDim(dim, first.dim() + 1);
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        Tensor out;
        try (GradScope ignored = Autograd.noGrad()) {
            out = cat(tensors.stream().map(t -> t.unsqueeze(d)).toList(), d);
        }
        return Recorder.record(out, "StackBackward0", inputs, (g, s) -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = g.select(d, i);
            }
            return grads;
        });
    }
}
