package io.streamgrad.nn;

import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The base of every layer and model, as PyTorch's {@code nn.Module}: it owns named parameters and named
 * child modules, both kept in registration order, which gives PyTorch's dotted names
 * ({@code 0.weight}, {@code 0.bias}, {@code 2.weight} for a {@link Sequential}).
 *
 * <p>Parameters are leaf tensors that require grad (see {@link Parameter}). Accessors such as
 * {@link Linear#weight()} return the live tensor, so an optimizer's in-place update is the module's new
 * value. {@link #to(Device)} is the one operation that replaces parameter tensors (a tensor cannot change
 * device); build optimizers after moving a model, as PyTorch advises.
 *
 * <p>A subclass registers its parameters and children in its constructor with {@link #registerParameter}
 * and {@link #registerModule}, implements {@link #forward(Tensor)}, and may describe its configuration in
 * {@link #extraRepr()} for {@link #toString()}.
 *
 * <p>Threading: not thread-safe; train a module on one thread, or synchronize externally.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes this module's output for {@code input}. */
    public abstract Tensor forward(Tensor input);

    // ---------------------------------------------------------------- registration

    /**
     * Registers {@code parameter} (a leaf requiring grad, or null for an absent optional parameter such as
     * a bias turned off) under {@code name}, as {@code register_parameter}. Returns it.
     */
    protected final Tensor registerParameter(String name, Tensor parameter) {
        checkName(name, "parameter");
        if (children.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists as a child module of "
                    + typeName());
        }
        if (parameter != null && !parameter.isLeaf()) {
            throw new IllegalArgumentException("Cannot assign non-leaf Tensor to parameter '" + name + "'. Model"
                    + " parameters must be created explicitly: wrap the value with Parameter.of(tensor).");
        }
        parameters.put(name, parameter);
        return parameter;
    }

    /** Registers {@code module} as a child named {@code name}, as {@code register_module}. Returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name, "module");
        if (module == null) {
            throw new IllegalArgumentException("module '" + name + "' is null; register a Module instance");
        }
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' already exists as a parameter of "
                    + typeName());
        }
        children.put(name, module);
        return module;
    }

    private static void checkName(String name, String kind) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(kind + " name can't be empty string \"\"");
        }
        if (name.contains(".")) {
            // A dot would make the state dict's dotted keys ambiguous.
            throw new IllegalArgumentException(kind + " name can't contain \".\", got: " + name);
        }
    }

    /** The live tensor registered as {@code name} on this module (not its children); null if absent. */
    protected final Tensor parameter(String name) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException(typeName() + " has no parameter '" + name + "'; it has "
                    + parameters.keySet());
        }
        return parameters.get(name);
    }

    // ---------------------------------------------------------------- traversal

    /** All parameters of this module and its descendants, each once, in registration order. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * Parameters by dotted name ({@code 0.weight}), in registration order, depth first; a parameter shared
     * by several modules appears once, under its first name, as PyTorch's {@code named_parameters()}.
     */
    public final LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        forEachParameter("", (name, p) -> {
            if (seen.put(p, Boolean.TRUE) == null) {
                out.put(name, p);
            }
        });
        return out;
    }

    /** The direct children by name, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** The direct children in registration order. */
    public final List<Module> children() {
        return List.copyOf(children.values());
    }

    private void forEachParameter(String prefix, BiConsumer<String, Tensor> action) {
        parameters.forEach((name, p) -> {
            if (p != null) {
                action.accept(prefix + name, p);
            }
        });
        children.forEach((name, child) -> child.forEachParameter(prefix + name + ".", action));
    }

    private List<Module> modulesDepthFirst() {
        List<Module> out = new ArrayList<>();
        out.add(this);
        children.values().forEach(child -> out.addAll(child.modulesDepthFirst()));
        return out;
    }

    // ---------------------------------------------------------------- gradients and mode

    /** Clears every parameter's gradient (sets it to null), as PyTorch 2's {@code zero_grad()}. */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears gradients: with {@code setToNone} each {@code grad} becomes null (the next backward allocates
     * it, and an optimizer skips the parameter until then); otherwise gradients are filled with zeros.
     */
    public final void zeroGrad(boolean setToNone) {
        Gradients.zero(parameters(), setToNone);
    }

    /** Puts this module and its descendants in training mode; returns this. */
    public Module train() {
        return train(true);
    }

    /** Sets training mode ({@code true}) or evaluation mode ({@code false}) recursively; returns this. */
    public Module train(boolean mode) {
        for (Module m : modulesDepthFirst()) {
            m.training = mode;
        }
        return this;
    }

    /** Evaluation mode, as {@code train(false)}; returns this. */
    public Module eval() {
        return train(false);
    }

    /** Whether the module is in training mode (PyTorch's {@code training}); true until {@code train(false)}. */
    public final boolean isTraining() {
        return training;
    }

    // ---------------------------------------------------------------- state dict

    /**
     * Every parameter by dotted name, in registration order, as detached tensors that share storage with
     * the parameters (as PyTorch's {@code state_dict()}: later training changes them; clone to snapshot).
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        forEachParameter("", (name, p) -> out.put(name, p.detach()));
        return out;
    }

    /** {@link #loadStateDict(Map, boolean)} with {@code strict = true}. */
    public final IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict) {
        return loadStateDict(stateDict, true);
    }

    /**
     * Copies values from {@code stateDict} into the parameters in place (outside autograd), casting to each
     * parameter's dtype and device as PyTorch's {@code copy_} does. As in PyTorch, a 1-D value for a 0-dim
     * parameter is read as its element 0 (a rule kept for PyTorch 0.3 checkpoints, which stored scalars as 1-D).
     *
     * <p>All checks run before anything is copied: a size mismatch always fails; with {@code strict}, so do
     * missing and unexpected keys. One {@link StateDictException} names every problem, and on failure no
     * parameter has changed (PyTorch copies the matching entries before it raises).
     *
     * @return the missing and unexpected keys (empty lists when strict loading succeeds)
     */
    public final IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict, boolean strict) {
        StateDictLoader loader = new StateDictLoader(stateDict);
        loader.visit(this, "");
        loader.throwIfFailed(typeName(), strict);
        loader.copyAll();
        return loader.incompatibleKeys();
    }

    /** This module's own parameters by local name, including null placeholders (for the loader). */
    final Map<String, Tensor> localParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    // ---------------------------------------------------------------- device

    /**
     * Moves every parameter (and its gradient) to {@code device}; returns this. Parameters already there are
     * kept; others are replaced by new leaf tensors on the device, so optimizers built before the move
     * would hold the old tensors. Moving to a device whose backend is unavailable raises the engine's
     * {@link io.streamgrad.tensor.TensorException} and leaves the module unchanged.
     */
    public Module to(Device device) {
        Map<Tensor, Tensor> moved = new IdentityHashMap<>();
        for (Tensor p : parameters()) {
            if (!p.device().equals(device)) {
                moved.put(p, movedParameter(p, device));
            }
        }
        for (Module m : modulesDepthFirst()) {
            m.parameters.replaceAll((name, p) -> p == null ? null : moved.getOrDefault(p, p));
        }
        return this;
    }

    /** As {@link #to(Device)} with PyTorch's spelling: {@code "cpu"}, {@code "cuda"}, {@code "cuda:0"}. */
    public Module to(String device) {
        return to(Device.parse(device));
    }

    private static Tensor movedParameter(Tensor p, Device device) {
        Tensor q = Parameter.of(p.detach().to(device), p.requiresGrad());
        if (p.grad() != null) {
            q.setGrad(p.grad().detach().to(device));
        }
        return q;
    }

    // ---------------------------------------------------------------- printing

    /** The configuration shown between the parentheses of {@link #toString()}, as PyTorch's {@code extra_repr}. */
    protected String extraRepr() {
        return "";
    }

    /** The class name PyTorch prints for this module ({@code _get_name}). */
    protected String typeName() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }

    /** Exactly PyTorch's module repr: {@code Linear(in_features=3, out_features=1, bias=True)}, containers on several lines. */
    @Override
    public String toString() {
        return ModuleRepr.of(typeName(), extraRepr(), children);
    }
}
