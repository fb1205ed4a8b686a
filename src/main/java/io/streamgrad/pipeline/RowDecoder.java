package io.streamgrad.pipeline;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a record's bytes into a training row, or says why it cannot. Never throws for bad input: every
 * malformed record gets a rejection reason, so the pipeline can dead-letter it and go on. Shared checks (size,
 * numbers, finiteness, the model key) live here; the formats say where a column's text is.
 *
 * <p>Two ways in: {@link #decode(byte[], byte[])} for one record (an object per row), and
 * {@link #decodeInto}, which the trainer's hot path uses to write rows straight into the columns of a
 * {@link RecordBlock} without an object per row.
 *
 * <p>Thread-safe: decoders hold only their configuration.
 */
public abstract sealed class RowDecoder permits CsvRowDecoder, JsonRowDecoder {
    private final List<String> features;
    private final String target;
    private final String keyColumn;
    private final int maxRowBytes;

    /**
     * @param keyColumn the column holding the model key, {@code "record-key"} for the Kafka record key, or
     *                  empty for a single model
     */
    RowDecoder(List<String> features, String target, String keyColumn, int maxRowBytes) {
        this.features = List.copyOf(features);
        this.target = target;
        this.keyColumn = keyColumn == null ? "" : keyColumn;
        this.maxRowBytes = maxRowBytes;
    }

    /** How many features a row has. */
    public final int featureCount() {
        return features.size();
    }

    /** Decodes one record into a row or a rejection. */
    public final Decoded decode(byte[] key, byte[] value) {
        double[] x = new double[features.size()];
        RowSlot slot = new RowSlot();
        String rejection = decodeInto(key, value, x, 0, slot);
        return rejection != null ? new Decoded.Rejected(rejection)
                : new Decoded.Row(new InputRow(slot.modelKey, x, slot.target));
    }

    /**
     * Decodes one record into columns: its features into {@code x[offset .. offset + featureCount())}, its
     * target and model key into {@code slot}.
     *
     * @return null for a row, or why the record cannot be trained on (then {@code x} and {@code slot} hold
     *         nothing meaningful)
     */
    final String decodeInto(byte[] key, byte[] value, double[] x, int offset, RowSlot slot) {
        if (value == null) {
            return "empty record (null value)";
        }
        if (value.length > maxRowBytes) {
            return "row of " + value.length + " bytes exceeds the limit of " + maxRowBytes
                    + " bytes (input.max-row-bytes)";
        }
        try {
            Fields fields = parse(value);
            for (int j = 0; j < features.size(); j++) {
                x[offset + j] = finite(fields, j, features.get(j), true);
            }
            slot.target = finite(fields, -1, target, false);
            slot.modelKey = modelKey(fields, key);
            return null;
        } catch (RowException e) {
            return e.getMessage();
        }
    }

    /** The configured feature names, in order. */
    final List<String> features() {
        return features;
    }

    /** The configured target name. */
    final String target() {
        return target;
    }

    /** The column holding the model key, or empty (see the constructor). */
    final String keyColumn() {
        return keyColumn;
    }

    /** The fields of one record's bytes, or a {@link RowException} saying why they do not parse. */
    abstract Fields parse(byte[] value) throws RowException;

    /**
     * Access to one parsed record's fields. Numbers are read by role (feature {@code j}, or the target), so a
     * format can locate them without looking names up per row.
     */
    interface Fields {
        /**
         * Feature {@code j}'s value (the target's when {@code feature} is false), with
         * {@link Double#parseDouble} semantics (surrounding whitespace ignored).
         *
         * @throws RowException when the column is missing or its text is not a number
         */
        double number(int j, boolean feature, String column) throws RowException;

        /** The raw text of a column by name, or null when the row has no such column. */
        String text(String column);
    }

    /** A row that cannot be used; the message is the dead-letter reason. */
    static final class RowException extends Exception {
        private static final long serialVersionUID = 1L;

        RowException(String message) {
            // No stack trace: a stream of bad rows is input, not a bug, and should cost no more than good ones.
            super(message, null, false, false);
        }
    }

    /** The standard complaint about a column whose text is not a number. */
    static RowException notANumber(String column, String raw) {
        return new RowException("column '" + column + "': '" + raw + "' is not a number");
    }

    /** A column's text as a number ({@link Double#parseDouble}'s grammar), or why it is none (null: missing). */
    static double parseNumber(String raw, String column) throws RowException {
        if (raw == null) {
            throw new RowException("missing column '" + column + "'");
        }
        try {
            return JavaDoubleParser.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw notANumber(column, raw);
        }
    }

    private static double finite(Fields fields, int j, String column, boolean feature) throws RowException {
        double v = fields.number(j, feature, column);
        if (!Double.isFinite(v)) {
            throw new RowException("column '" + column + "' is " + fields.text(column).trim()
                    + "; only finite numbers can be trained on");
        }
        return v;
    }

    private String modelKey(Fields fields, byte[] recordKey) throws RowException {
        if (keyColumn.isEmpty()) {
            return "";
        }
        if (keyColumn.equals("record-key")) {
            if (recordKey == null) {
                throw new RowException("model.key is record-key but the record has no key");
            }
            if (recordKey.length == 0) {
                // The key "" names the single model (model.id without "/key"): it must not be reachable from a row.
                throw new RowException("model.key is record-key but the record's key is empty; expected the name"
                        + " of the row's model");
            }
            return new String(recordKey, StandardCharsets.UTF_8);
        }
        String k = fields.text(keyColumn);
        if (k == null || k.isBlank()) {
            throw new RowException("missing model key column '" + keyColumn + "'");
        }
        return k.trim();
    }
}
