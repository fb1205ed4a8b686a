package io.streamgrad.tensor;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Renders a tensor exactly as PyTorch 2.x's {@code repr(tensor)} does with the default print options
 * (precision 4, threshold 1000, edgeitems 3, linewidth 80, automatic scientific mode), so that output
 * can be compared character for character with PyTorch's.
 *
 * <p>Contract:
 * <ul>
 *   <li>Floating tensors pick one of three styles from the finite nonzero values: integral
 *       ({@code 1.}, {@code -2.}), fixed ({@code 0.5000}) or scientific ({@code 1.0000e-05}); every
 *       element is right-aligned to the widest. Numbers are rounded half-even from their exact binary
 *       value, as Python's {@code format} does, so {@code 1.03125} prints {@code 1.0312}.</li>
 *   <li>Tensors with more than 1000 elements are summarized: each dimension longer than 6 shows its
 *       first 3 and last 3 entries around {@code ...}, and the column width is measured over the
 *       shown entries only.</li>
 *   <li>Rows wrap at 80 columns; nested rows are indented under the opening {@code tensor(}.</li>
 *   <li>Suffixes follow in PyTorch's order: {@code device}, {@code size} (empty non-1-D tensors),
 *       {@code dtype} (non-default dtypes; empty tensors show it for anything but float32),
 *       then {@code grad_fn=<...>} or else {@code requires_grad=True}.</li>
 * </ul>
 * The printer is stateless and thread-safe.
 */
public final class TensorPrinter {

    private static final int PRECISION = 4;
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;
    private static final String PREFIX = "tensor(";
    /** Marks the position of the {@code ...} placeholder among the indices a dimension shows. */
    private static final int ELIDED = -1;

    private TensorPrinter() {
    }

    /**
     * Everything the printer needs; values are the flat row-major contents. The array matching
     * {@code dtype} must be non-null and hold exactly {@code product(shape)} values:
     * {@code floatValues} for FLOAT32/FLOAT64 (float32 values widened to double), {@code longValues}
     * for INT64, {@code boolValues} for BOOL; the other arrays are ignored.
     *
     * @param device      {@code null} (or {@code "cpu"}) for the CPU, else e.g. {@code "cuda:0"}
     * @param gradFnName  the grad_fn's class name such as {@code SumBackward0}, {@code null} if none
     */
    public record Input(DType dtype, int[] shape, double[] floatValues, long[] longValues,
                        boolean[] boolValues, String device, boolean requiresGrad, String gradFnName) {

        /**
         * Checks the description: {@code dtype} and {@code shape} must be non-null ({@link NullPointerException}); the
         * value array for {@code dtype} must be non-null and hold exactly as many values as {@code shape} needs, and no
         * size may be negative ({@link IllegalArgumentException}).
         */
        public Input {
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(shape, "shape");
            long numel = numel(shape);
            Object values = switch (dtype) {
                case FLOAT32, FLOAT64 -> floatValues;
                case INT64 -> longValues;
                case BOOL -> boolValues;
            };
            if (values == null) {
                throw new IllegalArgumentException("the value array for " + dtype + " must be non-null");
            }
            int length = Array.getLength(values);
            if (length != numel) {
                throw new IllegalArgumentException("shape " + pythonTuple(shape) + " needs " + numel
                        + " values but " + length + " were given");
            }
        }

        private static long numel(int[] shape) {
            long n = 1;
            for (int size : shape) {
                if (size < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + pythonTuple(shape));
                }
                n = Math.multiplyExact(n, size);
            }
            return n;
        }

        int numel() {
            return (int) numel(shape);
        }

        int rank() {
            return shape.length;
        }
    }

    /** Returns the text PyTorch's {@code repr} gives for the described tensor. */
    public static String repr(Input in) {
        Objects.requireNonNull(in, "in");
        List<String> suffixes = new ArrayList<>();
        if (in.device() != null && !in.device().equals("cpu")) {
            suffixes.add("device='" + in.device() + "'");
        }
        String body;
        if (in.numel() == 0) {
            body = "[]";
            addEmptyTensorSuffixes(in, suffixes);
        } else {
            if (!hasDefaultDtype(in.dtype())) {
                suffixes.add("dtype=" + in.dtype());
            }
            body = new Renderer(in).render();
        }
        addAutogradSuffix(in, suffixes);
        return addSuffixes(PREFIX + body, suffixes, PREFIX.length());
    }

    /**
     * Whether {@code torch.tensor(data)} would infer this dtype from the printed values: the default
     * float for floats, int64 for ints, bool for bools. Only other dtypes need spelling out.
     */
    private static boolean hasDefaultDtype(DType dtype) {
        return dtype == DType.defaultFloat() || dtype == DType.INT64 || dtype == DType.BOOL;
    }

    /** An empty tensor has no elements to infer its shape or dtype from, so both are spelled out. */
    private static void addEmptyTensorSuffixes(Input in, List<String> suffixes) {
        if (in.rank() != 1) {
            suffixes.add("size=" + pythonTuple(in.shape()));
        }
        if (in.dtype() != DType.defaultFloat()) {
            suffixes.add("dtype=" + in.dtype());
        }
    }

    /** A grad_fn implies requires_grad, so PyTorch prints only the former when both hold. */
    private static void addAutogradSuffix(Input in, List<String> suffixes) {
        if (in.gradFnName() != null) {
            suffixes.add("grad_fn=<" + in.gradFnName() + ">");
        } else if (in.requiresGrad()) {
            suffixes.add("requires_grad=True");
        }
    }

    /**
     * Appends each suffix after {@code ", "}, or on a new indented line when it would overflow. The
     * length of the last line is overestimated by 2, exactly as PyTorch's {@code _add_suffixes} does
     * (it counts from {@code rfind("\n")} and adds 1), so wrapping happens at the same places.
     */
    private static String addSuffixes(String text, List<String> suffixes, int indent) {
        StringBuilder out = new StringBuilder(text);
        int lastLineLength = text.length() - text.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLength + suffix.length() + 2 > LINE_WIDTH) {
                out.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLength = indent + suffix.length();
            } else {
                out.append(", ").append(suffix);
                lastLineLength += suffix.length() + 2;
            }
        }
        return out.append(')').toString();
    }

    /** Python's {@code str(tuple)}: {@code (0, 3)}, with the trailing comma of a 1-tuple. */
    private static String pythonTuple(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return IntStream.of(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /** Lays out the nested brackets of a non-empty tensor; mirrors {@code _tensor_str}. */
    private static final class Renderer {
        private final Input in;
        private final int[] strides;
        private final boolean summarize;
        private final ElementFormatter formatter;

        Renderer(Input in) {
            this.in = in;
            this.strides = rowMajorStrides(in.shape());
            this.summarize = in.numel() > THRESHOLD;
            this.formatter = ElementFormatter.of(in, shownFlatIndices());
        }

        String render() {
            if (in.rank() == 0) {
                return formatter.format(0);
            }
            return block(0, 0, PREFIX.length());
        }

        /** Dimension {@code dim} starting at flat position {@code offset}, opened at column {@code indent}. */
        private String block(int dim, int offset, int indent) {
            if (dim == in.rank() - 1) {
                return vector(offset, indent);
            }
            // Deeper nesting is separated by more blank lines: one newline per remaining inner dimension.
            String separator = "," + "\n".repeat(in.rank() - dim - 1) + " ".repeat(indent + 1);
            List<String> slices = new ArrayList<>();
            for (int i : shownIndices(in.shape()[dim])) {
                slices.add(i == ELIDED ? "..." : block(dim + 1, offset + i * strides[dim], indent + 1));
            }
            return "[" + String.join(separator, slices) + "]";
        }

        /** The innermost dimension, wrapped so each line holds as many whole elements as fit. */
        private String vector(int offset, int indent) {
            List<String> elements = new ArrayList<>();
            for (int i : shownIndices(in.shape()[in.rank() - 1])) {
                // The placeholder's leading space makes ", " + " ..." read as two spaces before the dots.
                elements.add(i == ELIDED ? " ..." : formatter.format(offset + i));
            }
            int elementLength = formatter.width() + 2; // the element plus its ", "
            int perLine = Math.max(1, (LINE_WIDTH - indent) / elementLength);
            List<String> lines = new ArrayList<>();
            for (int start = 0; start < elements.size(); start += perLine) {
                lines.add(String.join(", ", elements.subList(start, Math.min(start + perLine, elements.size()))));
            }
            return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
        }

        /** Indices along a dimension of this size that are printed, with {@link #ELIDED} for the gap. */
        private int[] shownIndices(int size) {
            if (summarize && size > 2 * EDGE_ITEMS) {
                int[] shown = new int[2 * EDGE_ITEMS + 1];
                for (int k = 0; k < EDGE_ITEMS; k++) {
                    shown[k] = k;
                    shown[EDGE_ITEMS + 1 + k] = size - EDGE_ITEMS + k;
                }
                shown[EDGE_ITEMS] = ELIDED;
                return shown;
            }
            return IntStream.range(0, size).toArray();
        }

        /**
         * Flat positions of every printed element: PyTorch sizes columns over this subset
         * ({@code get_summarized_data}), so hidden values never widen the layout.
         */
        private int[] shownFlatIndices() {
            List<Integer> out = new ArrayList<>();
            collectShown(0, 0, out);
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        private void collectShown(int dim, int offset, List<Integer> out) {
            if (dim == in.rank()) {
                out.add(offset);
                return;
            }
            for (int i : shownIndices(in.shape()[dim])) {
                if (i != ELIDED) {
                    collectShown(dim + 1, offset + i * strides[dim], out);
                }
            }
        }

        private static int[] rowMajorStrides(int[] shape) {
            int[] strides = new int[shape.length];
            int stride = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                strides[d] = stride;
                stride *= shape[d];
            }
            return strides;
        }
    }

    /** Formats single elements at a common width; mirrors PyTorch's {@code _Formatter}. */
    private static final class ElementFormatter {
        private enum Style { PLAIN, INTEGRAL, FIXED, SCIENTIFIC }

        private final Input in;
        private final Style style;
        private final int width;

        private ElementFormatter(Input in, Style style, int width) {
            this.in = in;
            this.style = style;
            this.width = width;
        }

        /** Chooses the style and width from the elements at {@code flatIndices}. */
        static ElementFormatter of(Input in, int[] flatIndices) {
            if (!in.dtype().isFloatingPoint()) {
                ElementFormatter plain = new ElementFormatter(in, Style.PLAIN, 1);
                return plain.widenedTo(IntStream.of(flatIndices).mapToObj(plain::raw));
            }
            double[] values = nonzeroFinite(in.floatValues(), flatIndices);
            if (values.length == 0) {
                // Nothing measurable (all zero/nan/inf): PyTorch keeps integral style at width 1.
                return new ElementFormatter(in, Style.INTEGRAL, 1);
            }
            ElementFormatter unsized = new ElementFormatter(in, floatStyle(values), 1);
            // Integral samples include their trailing "."; nan and inf never count towards the width.
            return unsized.widenedTo(DoubleStream.of(values).mapToObj(unsized::formatDouble));
        }

        /** The same style at the width of the longest sample (at least 1, PyTorch's starting width). */
        private ElementFormatter widenedTo(Stream<String> samples) {
            int widest = samples.mapToInt(String::length).max().orElse(1);
            return new ElementFormatter(in, style, Math.max(1, widest));
        }

        private static double[] nonzeroFinite(double[] all, int[] flatIndices) {
            return IntStream.of(flatIndices).mapToDouble(i -> all[i])
                    .filter(v -> Double.isFinite(v) && v != 0.0).toArray();
        }

        /**
         * Scientific when magnitudes span more than three decades or exceed 1e8; fractional values
         * also switch below 1e-4, where fixed point with 4 decimals would lose them.
         */
        private static Style floatStyle(double[] values) {
            double min = Double.POSITIVE_INFINITY;
            double max = 0.0;
            boolean integral = true;
            for (double v : values) {
                min = Math.min(min, Math.abs(v));
                max = Math.max(max, Math.abs(v));
                integral &= v == Math.ceil(v);
            }
            boolean wideRange = max / min > 1000.0 || max > 1.0e8;
            if (integral) {
                return wideRange ? Style.SCIENTIFIC : Style.INTEGRAL;
            }
            return wideRange || min < 1.0e-4 ? Style.SCIENTIFIC : Style.FIXED;
        }

        int width() {
            return width;
        }

        /** The element at {@code flatIndex}, right-aligned to the common width. */
        String format(int flatIndex) {
            return padLeft(raw(flatIndex), width);
        }

        private String raw(int flatIndex) {
            return switch (in.dtype()) {
                case BOOL -> in.boolValues()[flatIndex] ? "True" : "False";
                case INT64 -> Long.toString(in.longValues()[flatIndex]);
                case FLOAT32, FLOAT64 -> formatDouble(in.floatValues()[flatIndex]);
            };
        }

        /** Integral style appends "." to finite values so they read as floats, not ints. */
        private String formatDouble(double v) {
            return switch (style) {
                case SCIENTIFIC -> scientific(v);
                case FIXED -> fixed(v, PRECISION);
                case INTEGRAL, PLAIN -> fixed(v, 0) + (Double.isFinite(v) ? "." : "");
            };
        }
    }

    /** Python's {@code "{:.Nf}".format(v)}: correctly rounded, ties to even, sign kept on zero. */
    static String fixed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        String digits = new BigDecimal(Math.abs(v)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return sign(v) + digits;
    }

    /** Python's {@code "{:.4e}".format(v)}: mantissa rounded half-even, exponent of at least two digits. */
    static String scientific(double v) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
        String digits = rounded.unscaledValue().toString();
        int exponent = rounded.signum() == 0 ? 0 : digits.length() - 1 - rounded.scale();
        // Exact values with few digits (such as 1.0) come back short; pad them to the precision.
        String padded = (digits + "0".repeat(PRECISION)).substring(0, PRECISION + 1);
        String mantissa = padded.charAt(0) + "." + padded.substring(1);
        String exponentText = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
        return sign(v) + mantissa + "e" + exponentText;
    }

    /** Python drops the sign of a NaN but keeps it on infinities and on -0.0. */
    private static String nonFinite(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        return v > 0 ? "inf" : "-inf";
    }

    private static String sign(double v) {
        return Math.copySign(1.0, v) < 0 ? "-" : "";
    }
}
