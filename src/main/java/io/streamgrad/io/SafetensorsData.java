package io.streamgrad.io;

import io.streamgrad.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a safetensors file: named tensors in header order (a file written by {@link Safetensors}
 * keeps the order of the state dict it was written from) and the {@code __metadata__} strings (empty when the
 * file has none). Both maps are unmodifiable; the tensors are fresh CPU leaves owned by the caller.
 */
public record SafetensorsData(Map<String, Tensor> tensors, Map<String, String> metadata) {

    /** Copies both maps into unmodifiable ones that keep their iteration order. */
    public SafetensorsData {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The tensor called {@code name}; an error lists the names the file has when it has no such tensor. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in this safetensors file; it has "
                    + tensors.keySet());
        }
        return t;
    }
}
