package io.streamgrad.pipeline;

import java.util.Locale;

/**
 * What a trainer does after rolling back a step that diverged: its loss or gradient was not finite, or the
 * optimizer's update made a weight non-finite (the weights are then restored to their values before the step).
 * Either way the batch counts as a rolled-back step; the policy says what follows.
 */
public enum DivergencePolicy {
    /** Drop the batch and go on. */
    SKIP,
    /** Drop the batch and halve the learning rate of every parameter group. */
    HALVE_LR,
    /** Stop training with an error. */
    STOP;

    /**
     * The policy of a {@code training.divergence-policy} value: {@code skip}, {@code halve-lr} (or
     * {@code halve_lr}) or {@code stop}, case-insensitive.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static DivergencePolicy parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "skip" -> SKIP;
            case "halve-lr", "halve_lr" -> HALVE_LR;
            case "stop" -> STOP;
            default -> throw new IllegalArgumentException("training.divergence-policy must be skip, halve-lr or stop,"
                    + " got '" + name + "'");
        };
    }
}
