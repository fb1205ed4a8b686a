package io.streamgrad.nn;

import java.util.List;

/**
 * A state dict could not be loaded into a module. The message lists every problem at once, in PyTorch's
 * wording: missing keys, unexpected keys (both only when loading strictly) and size mismatches, e.g.
 *
 * <pre>
 * Error(s) in loading state_dict for Linear:
 * 	Missing key(s) in state_dict: "bias".
 * 	size mismatch for weight: copying a param with shape torch.Size([1, 3]) from checkpoint, the shape in current model is torch.Size([2, 3]).
 * </pre>
 *
 * When it is thrown, no parameter has been changed.
 */
public final class StateDictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The module's keys absent from the state dict. */
    private final transient List<String> missingKeys;
    /** The state dict's keys the module does not have. */
    private final transient List<String> unexpectedKeys;

    StateDictException(String moduleName, List<String> missingKeys, List<String> unexpectedKeys,
                       List<String> errors) {
        super("Error(s) in loading state_dict for " + moduleName + ":\n\t" + String.join("\n\t", errors));
        this.missingKeys = List.copyOf(missingKeys);
        this.unexpectedKeys = List.copyOf(unexpectedKeys);
    }

    /**
     * The module's keys absent from the state dict, unmodifiable. Filled also when loading non-strictly, where
     * they are not among the errors.
     */
    public List<String> missingKeys() {
        return missingKeys;
    }

    /** The state dict's keys the module does not have, unmodifiable; filled also when loading non-strictly. */
    public List<String> unexpectedKeys() {
        return unexpectedKeys;
    }
}
