package io.streamgrad.optim;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.nn.Gradients;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The base of the optimizers, as PyTorch's {@code torch.optim.Optimizer}: parameter groups with their
 * hyperparameters, per-parameter state, {@link #step()}, {@link #zeroGrad()} and a state dict that round-trips,
 * so that training resumed from {@link #stateDict()} continues bit for bit.
 *
 * <p>A step updates each parameter of each group in place, outside autograd, from its {@code grad};
 * parameters whose {@code grad} is null are skipped (their state is left as it is). Hyperparameters are
 * read from the groups at every step, so changing {@link ParamGroup#setLr(double)} takes effect at once.
 *
 * <p>Subclasses supply their defaults (under PyTorch's keys), a reader of a group's options, and the
 * update of one parameter.
 *
 * <p>Threading: not thread-safe; step on the thread that runs backward.
 */
public abstract class Optimizer {
    private final Map<String, Object> defaults;
    private final UnaryOperator<Map<String, Object>> knownOptions;
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    /** PyTorch's {@code optimizer.state}: keyed by parameter identity, as PyTorch keys by the Parameter object. */
    private final Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();

    /**
     * An optimizer of {@code params} as one group with {@code defaults} as options.
     *
     * @param knownOptions reads and checks the options this optimizer knows from a group's options
     *                     (defaults merged with the group's own) and returns them normalized, e.g. numbers
     *                     as doubles; throws {@link IllegalArgumentException} with PyTorch's message for an
     *                     invalid or missing value. A function rather than an overridable method, because
     *                     the constructor already needs it.
     * @throws IllegalArgumentException when {@code params} is empty or a default is invalid
     */
    protected Optimizer(Iterable<Tensor> params, Map<String, Object> defaults,
                        UnaryOperator<Map<String, Object>> knownOptions) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        this.knownOptions = knownOptions;
        ParamGroup first = ParamGroup.of(params);
        if (first.params().isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list; pass model.parameters()");
        }
        addParamGroup(first);
    }

    /**
     * Updates {@code param} in place from {@code grad}; runs with grad mode off.
     *
     * @param state this parameter's state, empty on its first update; the subclass fills it
     */
    protected abstract void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state);

    /** The options a group gets for the keys it does not set, as PyTorch's {@code optimizer.defaults}. */
    public final Map<String, Object> defaults() {
        return defaults;
    }

    /**
     * Adds a group, its missing options taken from {@link #defaults()}, as {@code add_param_group}.
     *
     * @throws IllegalArgumentException when a parameter is not a leaf, is already in a group, or an option is
     *                                  invalid
     */
    public final void addParamGroup(ParamGroup group) {
        Map<Tensor, Boolean> known = new IdentityHashMap<>();
        paramGroups.forEach(g -> g.params().forEach(p -> known.put(p, Boolean.TRUE)));
        for (Tensor p : group.params()) {
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("can't optimize a non-leaf Tensor; optimize the parameters"
                        + " (leaves that require grad), not results computed from them");
            }
            if (known.put(p, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("some parameters appear in more than one parameter group");
            }
        }
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        merged.putAll(group.options());
        group.replaceOptions(checkOptions(merged));
        paramGroups.add(group);
    }

    /** The live groups, in the order they were added. */
    public final List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(paramGroups);
    }

    /**
     * A read-only view of {@code param}'s state ({@code step}, {@code exp_avg}, ...), empty before its first
     * update. The tensors in it are the live ones; use {@link #stateDict()} for a snapshot.
     */
    public final Map<String, Object> state(Tensor param) {
        return Collections.unmodifiableMap(state.getOrDefault(param, Map.of()));
    }

    /** Performs one optimization step over every parameter that has a gradient. */
    public final void step() {
        try (GradScope ignored = Autograd.noGrad()) {
            for (ParamGroup group : paramGroups) {
                for (Tensor p : group.params()) {
                    if (p.grad() != null) {
                        Map<String, Object> s = state.computeIfAbsent(p, k -> new LinkedHashMap<>());
                        update(p, p.grad(), group, s);
                        persistState(s);
                    }
                }
            }
        }
    }

    /**
     * State lives as long as the optimizer, even when a step runs inside a device memory scope (a
     * {@code CudaScope} per training step) that would otherwise release buffers created in that step.
     */
    private static void persistState(Map<String, Object> state) {
        for (Object v : state.values()) {
            if (v instanceof Tensor t && t.device().isCuda()) {
                t.persist();
            }
        }
    }

    /** Sets every parameter's gradient to null, PyTorch 2's default. */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /** Clears gradients: to null with {@code setToNone}, else to zeros in place. */
    public final void zeroGrad(boolean setToNone) {
        Gradients.zero(allParams(), setToNone);
    }

    /**
     * A snapshot in PyTorch's structure: {@code {"state": {index: {"step": tensor, "exp_avg": tensor, ...}},
     * "param_groups": [{"lr": 0.001, ..., "params": [0, 1, ...]}]}}, parameters numbered across groups in
     * order. Tensors are deep copies and the maps are fresh, so later steps do not change the snapshot.
     */
    public final Map<String, Object> stateDict() {
        return OptimizerStateDict.pack(paramGroups, state);
    }

    /**
     * Restores a {@link #stateDict()} of an optimizer of the same kind over parameters of the same shapes:
     * group options and per-parameter state are replaced (tensors copied, cast to the parameter's dtype and
     * device except {@code step}); the groups keep their current parameters. Integer keys may also be given
     * as strings, as a JSON round trip leaves them.
     *
     * @throws IllegalArgumentException when the structure does not match this optimizer; nothing changes then
     */
    public final void loadStateDict(Map<String, ?> stateDict) {
        // Defaults fill keys an older state dict lacks, as PyTorch's __setstate__ does.
        OptimizerStateDict.Unpacked loaded = OptimizerStateDict.unpack(stateDict, paramGroups, saved -> {
            Map<String, Object> merged = new LinkedHashMap<>(defaults);
            merged.putAll(saved);
            return checkOptions(merged);
        });
        state.clear();
        state.putAll(loaded.state());
        for (int i = 0; i < paramGroups.size(); i++) {
            paramGroups.get(i).replaceOptions(loaded.options().get(i));
        }
    }

    /** The options normalized; keys the optimizer does not know are kept, as PyTorch keeps them. */
    private Map<String, Object> checkOptions(Map<String, Object> options) {
        Hyperparameters.rejectUnsupported(options, getClass().getSimpleName());
        Map<String, Object> checked = new LinkedHashMap<>(options);
        checked.putAll(knownOptions.apply(options));
        return checked;
    }

    private List<Tensor> allParams() {
        List<Tensor> all = new ArrayList<>();
        paramGroups.forEach(g -> all.addAll(g.params()));
        return all;
    }

    /**
     * PyTorch's repr: the class name, then each group's options sorted by key. PyTorch also lists its
     * implementation switches ({@code foreach}, {@code fused}, ...), which this engine does not have.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(getClass().getSimpleName()).append(" (");
        for (int i = 0; i < paramGroups.size(); i++) {
            out.append("\nParameter Group ").append(i).append('\n');
            Map<String, Object> options = paramGroups.get(i).options();
            for (String key : new TreeSet<>(options.keySet())) {
                out.append("    ").append(key).append(": ").append(PyRepr.of(options.get(key))).append('\n');
            }
        }
        return out.append(')').toString();
    }
}
