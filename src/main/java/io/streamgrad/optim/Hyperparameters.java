package io.streamgrad.optim;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks hyperparameters held under PyTorch's keys. Values may come from Java code, a config
 * file or a deserialized state dict, so numbers are accepted as any {@link Number} and pairs as a list or
 * array of two numbers. Errors carry PyTorch's messages.
 */
final class Hyperparameters {
    /** PyTorch options that change the math and that streamgrad does not implement. */
    private static final List<String> UNSUPPORTED_SWITCHES = List.of("maximize", "differentiable", "capturable");
    private Hyperparameters() {
    }

    static double real(Map<String, ?> options, String key) {
        return switch (require(options, key)) {
            case Number n -> n.doubleValue();
            case Object other -> throw wrongType(key, other, "a number");
        };
    }

    static boolean flag(Map<String, ?> options, String key) {
        return switch (require(options, key)) {
            case Boolean b -> b;
            case Object other -> throw wrongType(key, other, "a boolean");
        };
    }

    /** A pair such as Adam's {@code betas}. */
    static double[] pair(Map<String, ?> options, String key) {
        Object value = require(options, key);
        List<?> items = switch (value) {
            case List<?> list -> list;
            case double[] array -> Arrays.stream(array).boxed().toList();
            default -> throw wrongType(key, value, "a pair of numbers");
        };
        if (items.size() != 2 || !(items.get(0) instanceof Number a) || !(items.get(1) instanceof Number b)) {
            throw wrongType(key, value, "a pair of numbers");
        }
        return new double[] {a.doubleValue(), b.doubleValue()};
    }

    private static Object require(Map<String, ?> options, String key) {
        Object value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("parameter group didn't specify a value of required optimization"
                    + " parameter " + key);
        }
        return value;
    }

    private static IllegalArgumentException wrongType(String key, Object value, String expected) {
        return new IllegalArgumentException("optimizer option '" + key + "' must be " + expected + ", got "
                + value + " (" + value.getClass().getSimpleName() + ")");
    }

    /**
     * Fails when a PyTorch switch this engine does not implement is turned on (e.g. {@code maximize=True} in a
     * state dict saved by PyTorch), rather than silently computing something else.
     */
    static void rejectUnsupported(Map<String, ?> options, String optimizer) {
        for (String key : UNSUPPORTED_SWITCHES) {
            if (Boolean.TRUE.equals(options.get(key))) {
                throw new IllegalArgumentException(optimizer + ": " + key + "=True is not supported by streamgrad;"
                        + " set it to False (for maximize, minimize the negated objective instead)");
            }
        }
    }

    static void checkLearningRate(double lr) {
        atLeastZero(lr, "Invalid learning rate: ");
    }

    /** PyTorch's {@code if not 0.0 <= x: raise ValueError(message + x)}; NaN fails too. */
    static void atLeastZero(double value, String message) {
        if (!(value >= 0.0)) {
            throw new IllegalArgumentException(message + PyRepr.ofDouble(value));
        }
    }
}
