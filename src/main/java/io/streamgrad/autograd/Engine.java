package io.streamgrad.autograd;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs backward: counts, for each node reachable from the root, how many gradients it will receive, then
 * processes nodes whose gradients are complete, summing what arrives from several paths. Runs with grad
 * mode off (no higher-order graphs). The counts live on the nodes during a pass, so two threads must not
 * run backward through the same graph at once.
 */
public final class Engine {
    private Engine() {
    }

    /**
     * Back-propagates {@code gradient} (ones for a one-element root when null) from {@code root} into the
     * {@code grad} of every leaf that requires grad.
     *
     * <p>A given {@code gradient} is first cast to the root's dtype (and a 0-dim one moved to its device), as
     * PyTorch's engine does, so the backward runs in the dtype the forward ran in.
     *
     * @throws AutogradException with PyTorch's message when the root does not require grad, when no
     *                           gradient is given for a non-scalar root, when the gradient's shape differs from the
     *                           root's or it lies on another device, or when the graph was freed
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new AutogradException("element 0 of tensors does not require grad and does not have a grad_fn");
        }
        Tensor seed = gradient;
        if (seed == null) {
            if (root.numel() != 1) {
                throw new AutogradException("grad can be implicitly created only for scalar outputs");
            }
            seed = Tensor.onesLike(root);
        } else if (!seed.shape().equals(root.shape())) {
            throw new AutogradException("Mismatch in shape: grad_output[0] has a shape of torch.Size("
                    + seed.shape() + ") and output[0] has a shape of torch.Size(" + root.shape() + ").");
        }
        Node rootNode = root.gradFn() != null ? root.gradFn() : new AccumulateGrad(root);
        try (GradScope ignored = Autograd.noGrad()) {
            run(rootNode, conform(seed, root.dtype(), root.device(), 0, true), retainGraph);
        }
    }

    private static void run(Node rootNode, Tensor seed, boolean retainGraph) {
        Map<Tensor, Node> accumulators = new IdentityHashMap<>();
        List<Node> reachable = countDependencies(rootNode, accumulators);
        try {
            rootNode.pendingGrad = seed;
            ArrayDeque<Node> ready = new ArrayDeque<>();
            ready.push(rootNode);
            while (!ready.isEmpty()) {
                Node node = ready.pop();
                Tensor grad = node.pendingGrad;
                node.pendingGrad = null;
                Tensor[] inputGrads = grad == null ? new Tensor[node.inputCount()] : node.apply(grad);
                if (!retainGraph) {
                    node.release();
                }
                for (int i = 0; i < node.inputCount(); i++) {
                    Node next = target(node.next(i), accumulators);
                    if (next == null) {
                        continue;
                    }
                    Tensor g = i < inputGrads.length ? inputGrads[i] : null;
                    if (g != null) {
                        g = conform(g, node.inputDType(i), node.inputDevice(i), i, false);
                        next.pendingGrad = next.pendingGrad == null ? g : next.pendingGrad.add(g);
                    }
                    if (--next.pendingInputs == 0) {
                        ready.push(next);
                    }
                }
            }
        } finally {
            for (Node node : reachable) {
                node.pendingGrad = null;
                node.pendingInputs = 0;
                node.visited = false;
            }
        }
    }

    /**
     * The gradient of input {@code index} as that input was when the op ran, as PyTorch's
     * {@code validate_outputs}: cast to its dtype, and moved to its device when 0-dim (a CPU scalar may join a
     * CUDA op, and its gradient, computed on the GPU, must reach it on the CPU). A gradient of any other shape on
     * another device is moved too when a node computed it: PyTorch's backward formulas return their gradients on
     * their inputs' devices ({@code copy_} from a CPU tensor into a CUDA one gives the source a CPU gradient), which
     * a rule here may leave to the engine. The gradient {@code given} to {@code backward} is the caller's, and there
     * PyTorch's refusal stands.
     */
    private static Tensor conform(Tensor g, DType dtype, Device device, int index, boolean given) {
        Tensor out = g.dtype() == dtype ? g : g.to(dtype);
        if (!out.device().equals(device)) {
            if (given && out.dim() != 0) {
                throw new AutogradException("invalid gradient at index " + index + " - expected device " + device
                        + " but got " + out.device());
            }
            out = out.to(device);
        }
        return out;
    }

    /**
     * The node that gradients sent to {@code next} go to. Each use of a leaf wired an {@link AccumulateGrad} of its
     * own; PyTorch has one per leaf, so the gradients of all uses are summed first and the sum is added to the
     * leaf's {@code grad} once ({@code grad + (g1 + g2)}, not {@code (grad + g1) + g2}, which rounds differently).
     * The first one met in a pass stands for all the leaf's uses.
     */
    private static Node target(Node next, Map<Tensor, Node> accumulators) {
        return next instanceof AccumulateGrad acc ? accumulators.computeIfAbsent(acc.variable(), leaf -> acc) : next;
    }

    /** Sets each reachable node's count of incoming gradients; returns the nodes, to reset them afterwards. */
    private static List<Node> countDependencies(Node root, Map<Tensor, Node> accumulators) {
        List<Node> reachable = new ArrayList<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        root.visited = true;
        reachable.add(root);
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            for (int i = 0; i < node.inputCount(); i++) {
                Node next = target(node.next(i), accumulators);
                if (next == null) {
                    continue;
                }
                next.pendingInputs++;
                if (!next.visited) {
                    next.visited = true;
                    reachable.add(next);
                    stack.push(next);
                }
            }
        }
        return reachable;
    }
}
