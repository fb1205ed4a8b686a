package io.streamgrad.tensor;

/**
 * The element types a {@link Tensor} can hold, with PyTorch's names and promotion order.
 *
 * <p>The declaration order is the promotion lattice for these four types: promoting two dtypes gives
 * the later one ({@code int64 × float32 → float32}, {@code float32 × float64 → float64}).
 */
public enum DType {
    /** {@code torch.bool}: true or false, one byte per element. */
    BOOL("bool", "Bool", 1, Category.BOOLEAN),
    /** {@code torch.int64} ({@code torch.long}): 64-bit signed integers, the dtype of Python ints and of indices. */
    INT64("int64", "Long", 8, Category.INTEGRAL),
    /** {@code torch.float32} ({@code torch.float}): IEEE single precision, the default floating dtype. */
    FLOAT32("float32", "Float", 4, Category.FLOATING),
    /** {@code torch.float64} ({@code torch.double}): IEEE double precision. */
    FLOAT64("float64", "Double", 8, Category.FLOATING);

    /** Kinds of dtype, ordered as PyTorch orders them when a scalar meets a tensor. */
    public enum Category {
        /** {@link #BOOL}. */
        BOOLEAN,
        /** Integers: {@link #INT64}. */
        INTEGRAL,
        /** Floating point: {@link #FLOAT32} and {@link #FLOAT64}. */
        FLOATING
    }

    private final String pythonName;
    private final String legacyName;
    private final int itemSize;
    private final Category category;

    DType(String pythonName, String legacyName, int itemSize, Category category) {
        this.pythonName = pythonName;
        this.legacyName = legacyName;
        this.itemSize = itemSize;
        this.category = category;
    }

    /** The default floating dtype, as {@code torch.get_default_dtype()}. */
    public static DType defaultFloat() {
        return FLOAT32;
    }

    /** PyTorch's short name: {@code float32}, {@code int64}, ... */
    public String pythonName() {
        return pythonName;
    }

    /** PyTorch's C++ scalar-type name used in error messages: {@code Float}, {@code Long}, ... */
    public String legacyName() {
        return legacyName;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** This dtype's kind: boolean, integral or floating. */
    public Category category() {
        return category;
    }

    /** Whether this is float32 or float64, as {@code dtype.is_floating_point}. */
    public boolean isFloatingPoint() {
        return category == Category.FLOATING;
    }

    /** The smallest dtype both operands can be represented in, as {@code torch.promote_types}. */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** Whether a value of {@code from} may be written into a tensor of {@code to} without a category loss. */
    public static boolean canCast(DType from, DType to) {
        return from.category.ordinal() <= to.category.ordinal();
    }

    /**
     * Parses a dtype name as PyTorch spells it ({@code float32}, {@code torch.float32}, {@code float},
     * {@code double}, {@code long}, {@code int64}, {@code bool}).
     */
    public static DType parse(String name) {
        String n = name.startsWith("torch.") ? name.substring("torch.".length()) : name;
        return switch (n) {
            case "float32", "float" -> FLOAT32;
            case "float64", "double" -> FLOAT64;
            case "int64", "long" -> INT64;
            case "bool" -> BOOL;
            default -> throw new IllegalArgumentException(
                    "unknown dtype '" + name + "'; expected one of float32, float64, int64, bool");
        };
    }

    /** Prints as PyTorch does: {@code torch.float32}. */
    @Override
    public String toString() {
        return "torch." + pythonName;
    }
}
