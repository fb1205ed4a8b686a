package io.streamgrad.nn;

import io.streamgrad.tensor.Tensor;

import java.util.Iterator;

/**
 * A chain of modules, each fed the previous one's output, as PyTorch's {@code nn.Sequential}. The modules
 * are children named {@code 0}, {@code 1}, ..., which gives the state dict keys {@code 0.weight} and the
 * repr
 *
 * <pre>
 * Sequential(
 *   (0): Linear(in_features=3, out_features=8, bias=True)
 *   (1): ReLU()
 *   (2): Linear(in_features=8, out_features=1, bias=True)
 * )
 * </pre>
 */
public final class Sequential extends Module implements Iterable<Module> {

    /** A chain of {@code modules} in the order given, registered as children {@code 0}, {@code 1}, .... */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    /** Adds {@code module} at the end; returns this. */
    public Sequential append(Module module) {
        registerModule(Integer.toString(size()), module);
        return this;
    }

    /** The module at {@code index}; negative indices count from the end, as in Python. */
    public Module get(int index) {
        int n = size();
        if (index < -n || index >= n) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for a Sequential of "
                    + n + " modules");
        }
        return children().get(index < 0 ? index + n : index);
    }

    /** The number of modules in the chain. */
    public int size() {
        return namedChildren().size();
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : this) {
            x = m.forward(x);
        }
        return x;
    }
}
