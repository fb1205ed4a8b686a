package io.streamgrad.autograd;

import io.streamgrad.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Runs backward: counts, for each node reachable from the root, how many gradients it will receive, then
 * processes nodes whose gradients are complete, summing what arrives from several paths. Runs with grad
 * mode off (no higher-order graphs).
 */
public final class Engine {
    private Engine() {
    }

    /**
     * Back-propagates {@code gradient} (ones for a one-element root when null) from {@code root} into the
     * {@code grad} of every leaf that requires grad.
     *
     * @throws AutogradException with PyTorch's message when the root does not require grad, when no
     *                           gradient is given for a non-scalar root, or when the graph was freed
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
            run(rootNode, seed, retainGraph);
        }
    }

    private static void run(Node rootNode, Tensor seed, boolean retainGraph) {
        Map<Node, Integer> pending = countDependencies(rootNode);
        Map<Node, Tensor> grads = new IdentityHashMap<>();
        grads.put(rootNode, seed);
        ArrayDeque<Node> ready = new ArrayDeque<>();
        ready.push(rootNode);
        while (!ready.isEmpty()) {
            Node node = ready.pop();
            Tensor grad = grads.remove(node);
            Tensor[] inputGrads = grad == null ? new Tensor[node.inputCount()] : node.apply(grad);
            if (!retainGraph) {
                node.release();
            }
            for (int i = 0; i < node.inputCount(); i++) {
                Node next = node.next(i);
                if (next == null) {
                    continue;
                }
                Tensor g = i < inputGrads.length ? inputGrads[i] : null;
                if (g != null) {
                    if (g.dtype() != node.inputDType(i)) {
                        g = g.to(node.inputDType(i));
                    }
                    grads.merge(next, g, Tensor::add);
                }
                if (pending.merge(next, -1, Integer::sum) == 0) {
                    ready.push(next);
                }
            }
        }
    }

    private static Map<Node, Integer> countDependencies(Node root) {
        Map<Node, Integer> count = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        IdentityHashMap<Node, Boolean> seen = new IdentityHashMap<>();
        stack.push(root);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            for (int i = 0; i < node.inputCount(); i++) {
                Node next = node.next(i);
                if (next == null) {
                    continue;
                }
                count.merge(next, 1, Integer::sum);
                if (seen.put(next, Boolean.TRUE) == null) {
                    stack.push(next);
                }
            }
        }
        return count;
    }
}
