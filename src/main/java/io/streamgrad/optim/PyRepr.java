package io.streamgrad.optim;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Python's {@code repr} of the values hyperparameters hold, so that messages and {@code toString()} read
 * as PyTorch's ({@code Invalid epsilon value: 1e-08}, {@code betas: (0.9, 0.999)}, {@code nesterov: True}).
 */
final class PyRepr {
    /** Python switches a float's repr to exponent notation outside [1e-4, 1e16). */
    private static final int MIN_PLAIN_EXPONENT = -4;
    private static final int MAX_PLAIN_EXPONENT = 15;

    private PyRepr() {
    }

    static String of(Object value) {
        return switch (value) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case Double d -> ofDouble(d);
            case Float f -> ofDouble(f);
            case List<?> list -> list.stream().map(PyRepr::of)
                    .collect(Collectors.joining(", ", "(", list.size() == 1 ? ",)" : ")"));
            default -> value.toString();
        };
    }

    /** Python's shortest round-trip repr of a float ({@code 0.001}, {@code 1e-08}, {@code -1.0}). */
    static String ofDouble(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        // Double.toString gives the shortest digits that round-trip, as Python's repr does.
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < MIN_PLAIN_EXPONENT || exponent > MAX_PLAIN_EXPONENT) {
            String digits = d.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format("%02d", Math.abs(exponent));
        }
        String plain = d.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
