package io.streamgrad.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict(java.util.Map, boolean)} found that did not line up, as PyTorch's
 * {@code _IncompatibleKeys}: keys the module expected but the state dict lacked, and keys the state dict
 * had that the module does not know. Both lists are in the order the module tree was walked.
 */
public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
    /** Copies both lists into unmodifiable ones. */
    public IncompatibleKeys {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
    }

    /** Whether every key matched. */
    public boolean isEmpty() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
    }

    /** PyTorch's repr: {@code <All keys matched successfully>} when nothing is off. */
    @Override
    public String toString() {
        return isEmpty() ? "<All keys matched successfully>"
                : "_IncompatibleKeys(missing_keys=" + quoted(missingKeys) + ", unexpected_keys="
                        + quoted(unexpectedKeys) + ")";
    }

    private static String quoted(List<String> keys) {
        return keys.stream().map(k -> "'" + k + "'").toList().toString();
    }
}
