package io.streamgrad.optim;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Converts an optimizer's groups and state to and from PyTorch's state dict structure. Parameters are
 * numbered across groups in order; tensors are deep-copied both ways, so a saved dict and the live optimizer
 * never share storage.
 */
final class OptimizerStateDict {
    static final String STATE = "state";
    static final String PARAM_GROUPS = "param_groups";
    static final String PARAMS = "params";
    /** The one state entry PyTorch does not cast to the parameter's dtype on load. */
    private static final String STEP = "step";

    private OptimizerStateDict() {
    }

    /** What {@link #unpack} read: each group's new options, and the state by parameter. */
    record Unpacked(List<Map<String, Object>> options, Map<Tensor, Map<String, Object>> state) {
    }

    static Map<String, Object> pack(List<ParamGroup> groups, Map<Tensor, Map<String, Object>> state) {
        Map<Tensor, Integer> index = new IdentityHashMap<>();
        List<Tensor> ordered = new ArrayList<>();
        List<Object> packedGroups = new ArrayList<>();
        for (ParamGroup group : groups) {
            Map<String, Object> packed = new LinkedHashMap<>();
            group.options().forEach((k, v) -> packed.put(k, v instanceof List<?> list ? new ArrayList<>(list) : v));
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : group.params()) {
                ids.add(index.computeIfAbsent(p, k -> {
                    ordered.add(k);
                    return ordered.size() - 1;
                }));
            }
            packed.put(PARAMS, ids);
            packedGroups.add(packed);
        }
        Map<Integer, Object> packedState = new LinkedHashMap<>();
        try (GradScope ignored = Autograd.noGrad()) {
            for (int i = 0; i < ordered.size(); i++) {
                Map<String, Object> s = state.get(ordered.get(i));
                if (s != null && !s.isEmpty()) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    s.forEach((k, v) -> copy.put(k, v instanceof Tensor t ? t.detach().clone() : v));
                    packedState.put(i, copy);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(STATE, packedState);
        out.put(PARAM_GROUPS, packedGroups);
        return out;
    }

    static Unpacked unpack(Map<String, ?> stateDict, List<ParamGroup> groups,
                           UnaryOperator<Map<String, Object>> checkOptions) {
        List<?> savedGroups = listOf(stateDict.get(PARAM_GROUPS), PARAM_GROUPS);
        Map<?, ?> savedState = mapOf(stateDict.get(STATE), STATE);
        if (savedGroups.size() != groups.size()) {
            throw new IllegalArgumentException("loaded state dict has a different number of parameter groups ("
                    + savedGroups.size() + ") than the optimizer (" + groups.size() + ")");
        }
        Map<Integer, Tensor> byIndex = new LinkedHashMap<>();
        List<Map<String, Object>> options = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Map<?, ?> saved = mapOf(savedGroups.get(g), PARAM_GROUPS + "[" + g + "]");
            List<?> ids = listOf(saved.get(PARAMS), PARAM_GROUPS + "[" + g + "].params");
            List<Tensor> params = groups.get(g).params();
            if (ids.size() != params.size()) {
                throw new IllegalArgumentException("loaded state dict contains a parameter group that doesn't match"
                        + " the size of optimizer's group: group " + g + " has " + ids.size()
                        + " params in the state dict and " + params.size() + " in the optimizer");
            }
            for (int i = 0; i < ids.size(); i++) {
                byIndex.put(index(ids.get(i)), params.get(i));
            }
            Map<String, Object> groupOptions = new LinkedHashMap<>();
            saved.forEach((k, v) -> {
                if (!PARAMS.equals(k)) {
                    groupOptions.put(String.valueOf(k), v instanceof List<?> list ? new ArrayList<>(list) : v);
                }
            });
            options.add(checkOptions.apply(groupOptions));
        }
        Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();
        try (GradScope ignored = Autograd.noGrad()) {
            for (Map.Entry<?, ?> e : savedState.entrySet()) {
                int id = index(e.getKey());
                Tensor param = byIndex.get(id);
                if (param == null) {
                    throw new IllegalArgumentException("loaded state dict has state for parameter " + id
                            + ", but its param_groups only list parameters " + byIndex.keySet());
                }
                state.put(param, restore(mapOf(e.getValue(), STATE + "[" + id + "]"), param, id));
            }
        }
        return new Unpacked(options, state);
    }

    private static Map<String, Object> restore(Map<?, ?> saved, Tensor param, int id) {
        Map<String, Object> out = new LinkedHashMap<>();
        saved.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (v instanceof Tensor t && STEP.equals(key)) {
                out.put(key, t.detach().clone());
            } else if (v instanceof Tensor t) {
                if (!t.shape().equals(param.shape())) {
                    throw new IllegalArgumentException("state '" + key + "' of parameter " + id + " has shape "
                            + t.shape() + ", but the parameter has shape " + param.shape()
                            + "; was the state dict saved for a different model?");
                }
                // to(...) may return t itself: clone so the optimizer never shares storage with the dict.
                out.put(key, t.detach().to(param.dtype()).to(param.device()).clone());
            } else {
                out.put(key, v);
            }
        });
        return out;
    }

    private static int index(Object key) {
        try {
            return switch (key) {
                case Integer i -> i;
                case Number n when n.doubleValue() == n.intValue() -> n.intValue();
                case String s -> Integer.parseInt(s);
                case null, default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter indices in an optimizer state dict are integers, got "
                    + key);
        }
    }

    private static List<?> listOf(Object value, String what) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException("optimizer state dict entry '" + what + "' must be a list, got "
                + value + "; expected the structure Optimizer.stateDict() returns");
    }

    private static Map<?, ?> mapOf(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException("optimizer state dict entry '" + what + "' must be a map, got "
                + value + "; expected the structure Optimizer.stateDict() returns");
    }
}
