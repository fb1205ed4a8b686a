package io.streamgrad.nn;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Builds multi-layer perceptrons: {@code Linear} layers with an activation between each pair, as the
 * streaming trainer's model. {@code Mlp.of(3, new int[] {8}, 1, "relu")} is
 * {@code Sequential(Linear(3, 8), ReLU(), Linear(8, 1))}; no hidden sizes gives a single {@code Linear}
 * inside the Sequential (linear regression).
 */
public final class Mlp {
    /** The activations {@link #of} accepts, by PyTorch's lower-case name. */
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid");

    private Mlp() {
    }

    /**
     * A Sequential of {@code Linear(in, hidden[0]), act, ..., Linear(hidden[last], out)}, initialized from
     * the default generator layer by layer, as PyTorch builds the same stack.
     *
     * @param activation one of {@link #ACTIVATIONS}, case-insensitive
     * @throws IllegalArgumentException for a size below 1 or an unknown activation
     */
    public static Sequential of(int in, int[] hidden, int out, String activation) {
        Supplier<Module> act = activation(activation);
        checkSize("in", in);
        checkSize("out", out);
        Sequential model = new Sequential();
        int width = in;
        for (int h : hidden) {
            checkSize("hidden", h);
            model.append(new Linear(width, h)).append(act.get());
            width = h;
        }
        return model.append(new Linear(width, out));
    }

    private static Supplier<Module> activation(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "relu" -> ReLU::new;
            case "tanh" -> Tanh::new;
            case "sigmoid" -> Sigmoid::new;
            default -> throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of "
                    + ACTIVATIONS);
        };
    }

    private static void checkSize(String what, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("MLP layer sizes must be at least 1, got " + what + " = " + size);
        }
    }
}
