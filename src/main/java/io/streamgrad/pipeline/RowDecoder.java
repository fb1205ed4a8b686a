package io.streamgrad.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a record's bytes into a training row, or says why it cannot. Implementations never throw for bad
 * input: every malformed record becomes a {@link Decoded.Rejected} so the pipeline can dead-letter it and go
 * on. Shared checks (size, numbers, finiteness) live here.
 */
public abstract class RowDecoder {
    private final List<String> features;
    private final String target;
    private final String keyColumn;
    private final int maxRowBytes;

    /**
     * @param keyColumn the column holding the model key, {@code "record-key"} for the Kafka record key, or
     *                  empty for a single model
     */
    protected RowDecoder(List<String> features, String target, String keyColumn, int maxRowBytes) {
        this.features = List.copyOf(features);
        this.target = target;
        this.keyColumn = keyColumn == null ? "" : keyColumn;
        this.maxRowBytes = maxRowBytes;
    }

    /** Decodes one record. */
    public final Decoded decode(byte[] key, byte[] value) {
        if (value == null) {
            return new Decoded.Rejected("empty record (null value)");
        }
        if (value.length > maxRowBytes) {
            return new Decoded.Rejected("row of " + value.length + " bytes exceeds the limit of " + maxRowBytes
                    + " bytes (input.max-row-bytes)");
        }
        String text = new String(value, StandardCharsets.UTF_8);
        try {
            Fields fields = parse(text);
            double[] x = new double[features.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = number(fields, features.get(i));
            }
            double y = number(fields, target);
            return new Decoded.Row(new InputRow(modelKey(fields, key), x, y));
        } catch (RowException e) {
            return new Decoded.Rejected(e.getMessage());
        }
    }

    /** The named fields of one row, or a {@link RowException} saying why the row does not parse. */
    protected abstract Fields parse(String text) throws RowException;

    /** Field access by column name. */
    protected interface Fields {
        /** The raw text of a column, or null when the row has no such column. */
        String get(String column);
    }

    /** A row that cannot be used; the message is the dead-letter reason. */
    protected static final class RowException extends Exception {
        private static final long serialVersionUID = 1L;

        public RowException(String message) {
            super(message);
        }
    }

    private static double number(Fields fields, String column) throws RowException {
        String raw = fields.get(column);
        if (raw == null) {
            throw new RowException("missing column '" + column + "'");
        }
        double v;
        try {
            v = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new RowException("column '" + column + "': '" + raw + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new RowException("column '" + column + "' is " + raw.trim() + "; only finite numbers can be trained on");
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
            return new String(recordKey, StandardCharsets.UTF_8);
        }
        String k = fields.get(keyColumn);
        if (k == null || k.isBlank()) {
            throw new RowException("missing model key column '" + keyColumn + "'");
        }
        return k.trim();
    }
}
