package io.streamgrad.optim;

import io.streamgrad.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Creates an optimizer from its PyTorch name and keyword arguments, as a config file or a PyTorch script
 * states them: {@code create("sgd", model.parameters(), Map.of("lr", 0.05, "momentum", 0.9))} is
 * {@code torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)}. Arguments left out take PyTorch's
 * defaults.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /**
     * @param name   {@code sgd}, {@code adam} or {@code adamw} (case-insensitive)
     * @param kwargs PyTorch's argument names: {@code lr}, {@code momentum}, {@code dampening},
     *               {@code weight_decay}, {@code nesterov} (SGD); {@code lr}, {@code betas}, {@code eps},
     *               {@code weight_decay}, {@code amsgrad} (Adam, AdamW)
     * @throws IllegalArgumentException for an unknown name or argument, or an invalid value
     */
    public static Optimizer create(String name, Iterable<Tensor> params, Map<String, ?> kwargs) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new SGD(params, SGD.Options.fromMap(merge("SGD", SGD.Options.defaults().toMap(), kwargs)));
            case "adam" -> new Adam(params,
                    Adam.Options.fromMap(merge("Adam", Adam.Options.defaults().toMap(), kwargs)));
            case "adamw" -> new AdamW(params,
                    Adam.Options.fromMap(merge("AdamW", AdamW.defaultOptions().toMap(), kwargs)));
            default -> throw new IllegalArgumentException("unknown optimizer '" + name
                    + "'; expected one of sgd, adam, adamw");
        };
    }

    private static Map<String, Object> merge(String optimizer, Map<String, Object> defaults, Map<String, ?> kwargs) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        kwargs.forEach((key, value) -> {
            if (!defaults.containsKey(key)) {
                throw new IllegalArgumentException(optimizer + " got an unexpected keyword argument '" + key
                        + "'; it accepts " + defaults.keySet());
            }
            merged.put(key, value);
        });
        return merged;
    }
}
