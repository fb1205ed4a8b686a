package io.streamgrad.tensor;

/** How a loss reduces its element-wise values, as PyTorch's {@code reduction=} argument. */
public enum Reduction {
    /** The mean over all elements ({@code 'mean'}, PyTorch's default). */
    MEAN,
    /** The sum over all elements ({@code 'sum'}). */
    SUM,
    /** No reduction: one value per element ({@code 'none'}). */
    NONE;

    /** Parses PyTorch's spelling: {@code mean}, {@code sum}, {@code none}. */
    public static Reduction parse(String name) {
        return switch (name) {
            case "mean" -> MEAN;
            case "sum" -> SUM;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException(name + " is not a valid value for reduction;"
                    + " expected one of mean, sum, none");
        };
    }

    /** PyTorch's spelling. */
    public String pythonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
