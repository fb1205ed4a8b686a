package io.streamgrad.nn;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link Module#loadStateDict(Map, boolean)} call: walks the module tree as PyTorch's
 * {@code _load_from_state_dict} does (own parameters, then unexpected keys under this module's prefix, then
 * the children), collecting every problem before anything is copied.
 */
final class StateDictLoader {
    private final Map<String, Tensor> stateDict;
    private final List<String> missing = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private final List<String> mismatches = new ArrayList<>();
    private final Map<Tensor, Tensor> copies = new LinkedHashMap<>();

    StateDictLoader(Map<String, Tensor> stateDict) {
        if (stateDict == null) {
            throw new IllegalArgumentException("Expected state_dict to be a Map, got null");
        }
        this.stateDict = stateDict;
    }

    void visit(Module module, String prefix) {
        Map<String, Tensor> own = module.localParameters();
        own.forEach((name, param) -> {
            if (param != null) {
                match(prefix + name, param);
            }
        });
        for (String key : stateDict.keySet()) {
            if (key.startsWith(prefix) && !belongsTo(key.substring(prefix.length()), own, module.namedChildren())) {
                unexpected.add(key);
            }
        }
        module.namedChildren().forEach((name, child) -> visit(child, prefix + name + "."));
    }

    /** Whether {@code localKey} names an own parameter, or lies under a child (which judges it itself). */
    private static boolean belongsTo(String localKey, Map<String, Tensor> own, Map<String, Module> children) {
        int dot = localKey.indexOf('.');
        return dot >= 0 ? children.containsKey(localKey.substring(0, dot)) : own.get(localKey) != null;
    }

    private void match(String key, Tensor param) {
        if (!stateDict.containsKey(key)) {
            missing.add(key);
            return;
        }
        Tensor value = stateDict.get(key);
        if (value != null && param.dim() == 0 && value.dim() == 1 && value.numel() > 0) {
            // PyTorch's backward-compatibility rule for 0.3 checkpoints, which stored scalars as 1-D tensors:
            // input_param[0]. (An empty value has no element 0: PyTorch raises an IndexError, we a size mismatch.)
            value = value.get(0);
        }
        if (value == null) {
            mismatches.add("While copying the parameter named \"" + key + "\", expected a Tensor from checkpoint"
                    + " but received null.");
        } else if (!value.shape().equals(param.shape())) {
            // PyTorch formats the shapes as torch.Size objects: "torch.Size([1, 3])".
            mismatches.add("size mismatch for " + key + ": copying a param with shape torch.Size(" + value.shape()
                    + ") from checkpoint, the shape in current model is torch.Size(" + param.shape() + ").");
        } else {
            copies.put(param, value);
        }
    }

    void throwIfFailed(String moduleName, boolean strict) {
        List<String> errors = new ArrayList<>();
        if (strict && !missing.isEmpty()) {
            errors.add("Missing key(s) in state_dict: " + quoted(missing) + ". ");
        }
        if (strict && !unexpected.isEmpty()) {
            errors.add("Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
        }
        errors.addAll(mismatches);
        if (!errors.isEmpty()) {
            throw new StateDictException(moduleName, missing, unexpected, errors);
        }
    }

    private static String quoted(List<String> keys) {
        return String.join(", ", keys.stream().map(k -> "\"" + k + "\"").toList());
    }

    void copyAll() {
        try (GradScope ignored = Autograd.noGrad()) {
            copies.forEach(Tensor::copy_);
        }
    }

    IncompatibleKeys incompatibleKeys() {
        return new IncompatibleKeys(missing, unexpected);
    }
}
