package io.streamgrad.autograd;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A step of the recorded graph: the backward of one op, PyTorch's {@code grad_fn}. It knows where the
 * gradient of each of its op's inputs goes ({@link #nextFunctions()}) and how to compute those gradients
 * from the gradient of the op's output ({@link #apply}). Its name is PyTorch's ({@code MulBackward0}).
 */
public abstract class Node {
    private final String name;
    private final Node[] next;
    private final DType[] inputDTypes;
    private final Device[] inputDevices;
    /** Engine bookkeeping during one backward pass: gradients still to arrive, and their sum so far. */
    int pendingInputs;
    Tensor pendingGrad;
    boolean visited;

    /**
     * Wires the node to the graph of each input: an input with a {@code gradFn} sends its gradient there,
     * a leaf that requires grad gets an {@link AccumulateGrad}, any other input gets none.
     */
    protected Node(String name, Tensor... inputs) {
        this.name = name;
        this.next = new Node[inputs.length];
        this.inputDTypes = new DType[inputs.length];
        this.inputDevices = new Device[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor input = inputs[i];
            if (input == null || !input.requiresGrad()) {
                continue;
            }
            inputDTypes[i] = input.dtype();
            inputDevices[i] = input.device();
            next[i] = input.gradFn() != null ? input.gradFn() : new AccumulateGrad(input);
        }
    }

    /** PyTorch's name for this backward, e.g. {@code SumBackward0}. */
    public final String name() {
        return name;
    }

    /** Where each input's gradient goes; {@code null} for inputs that need none. */
    public final List<Node> nextFunctions() {
        List<Node> list = new ArrayList<>(next.length);
        Collections.addAll(list, next);
        return Collections.unmodifiableList(list);
    }

    /** Whether input {@code i} needs a gradient. */
    protected final boolean needsInputGrad(int i) {
        return next[i] != null;
    }

    final Node next(int i) {
        return next[i];
    }

    final int inputCount() {
        return next.length;
    }

    final DType inputDType(int i) {
        return inputDTypes[i];
    }

    final Device inputDevice(int i) {
        return inputDevices[i];
    }

    /**
     * Computes the gradients of the op's inputs from the gradient of its output, aligned with the inputs
     * given at construction; {@code null} where an input needs none. Runs with grad mode off.
     */
    protected abstract Tensor[] apply(Tensor gradOutput);

    /** Frees what backward needed, unless the graph is retained. */
    protected void release() {
    }

    @Override
    public String toString() {
        return "<" + name + " object>";
    }
}
