package io.streamgrad.autograd;

import io.streamgrad.tensor.Tensor;

/**
 * A tensor a backward needs, saved with the version it had when saved. Unpacking checks that no in-place
 * op changed it since and that the graph was not freed by an earlier backward, with PyTorch's messages.
 */
public final class SavedTensor {
    private static final String FREED = "Trying to backward through the graph a second time (or directly access"
            + " saved tensors after they have already been freed). Saved intermediate values of the graph are freed"
            + " when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward"
            + " through the graph a second time or if you need to access saved tensors after calling backward.";

    private Tensor tensor;
    private final int savedVersion;
    private final String outputOf;

    /**
     * @param outputOf name of the node saving this tensor when the tensor is that node's own output, else
     *                 null; for other tensors the message names their {@code grad_fn} at backward time, as
     *                 PyTorch does
     */
    public SavedTensor(Tensor tensor, String outputOf) {
        this.tensor = tensor;
        this.savedVersion = tensor.version();
        this.outputOf = outputOf;
    }

    /** The saved tensor, checked. */
    public Tensor unpack() {
        if (tensor == null) {
            throw new AutogradException(FREED);
        }
        int current = tensor.version();
        if (current != savedVersion) {
            throw new AutogradException(modifiedMessage(current));
        }
        return tensor;
    }

    void release() {
        tensor = null;
    }

    private String modifiedMessage(int current) {
        StringBuilder m = new StringBuilder("one of the variables needed for gradient computation has been modified"
                + " by an inplace operation: [").append(tensor.typeName()).append(' ')
                .append(tensor.shape()).append(']');
        String producer = outputOf != null ? outputOf : tensor.gradFn() != null ? tensor.gradFn().name() : null;
        if (producer != null) {
            m.append(", which is output 0 of ").append(producer).append(',');
        }
        m.append(" is at version ").append(current).append("; expected version ").append(savedVersion)
                .append(" instead. Hint: enable anomaly detection to find the operation that failed to compute its"
                        + " gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).");
        return m.toString();
    }
}
