package io.streamgrad.pipeline;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CSV line per record (no header: the column names come from the config). Quoted fields and a trailing
 * CR or CRLF are tolerated.
 *
 * <p>Two paths with one meaning. A line without quotes and without a line break inside is split on its bytes
 * and its numbers parsed in place ({@link JavaDoubleParser}, {@link Double#parseDouble}'s grammar): no
 * {@code String} per record, which is what lets the trainer keep up with a bare consumer. Any other line —
 * quotes, embedded line breaks, an empty line — goes through Commons CSV, which defines the format; the fast
 * path only ever handles lines on which both agree, and its messages are the same.
 */
public final class CsvRowDecoder extends RowDecoder {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[] featureColumns;
    private final int targetColumn;

    /**
     * A decoder of lines whose fields are {@code columns}, in order.
     *
     * @param keyColumn   the column holding the model key, {@code "record-key"} for the Kafka record key, or
     *                    empty (or null) for a single model
     * @param maxRowBytes records with longer values are rejected unparsed
     * @throws IllegalArgumentException if a feature, the target or the key column is not among {@code columns}
     */
    public CsvRowDecoder(List<String> columns, List<String> features, String target, String keyColumn,
                         int maxRowBytes) {
        super(features, target, keyColumn, maxRowBytes);
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        this.featureColumns = new int[features.size()];
        for (int j = 0; j < featureColumns.length; j++) {
            featureColumns[j] = requireColumn(features.get(j));
        }
        this.targetColumn = requireColumn(target);
        String key = keyColumn();
        if (!key.isEmpty() && !key.equals("record-key") && !index.containsKey(key)) {
            // Every row would be dead-lettered for a missing key: a configuration error, not bad input.
            throw new IllegalArgumentException("model.key '" + key + "' is not among input.columns " + columns
                    + "; expected one of those columns, record-key (the Kafka record key), or empty for one model");
        }
    }

    private int requireColumn(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("column '" + name + "' is not among input.columns " + columns);
        }
        return i;
    }

    @Override
    Fields parse(byte[] value) throws RowException {
        int end = withoutLineEnd(value);
        if (end == 0) {
            return parseWithCommonsCsv(value);
        }
        // One pass: field starts at the commas, and a quote or a line break hands the line to Commons CSV.
        int[] starts = new int[columns.size() + 1];
        int fields = 1;
        for (int i = 0; i < end; i++) {
            byte b = value[i];
            if (b > ',') {
                continue;   // digits, letters, '.', '-': the bytes of nearly every field, one comparison each
            }
            if (b == ',') {
                if (fields < columns.size()) {
                    starts[fields] = i + 1;
                }
                fields++;
            } else if (b == '"' || b == '\n' || b == '\r') {
                return parseWithCommonsCsv(value);
            }
        }
        if (fields != columns.size()) {
            throw wrongFieldCount(fields);
        }
        starts[fields] = end + 1;
        return new ByteFields(value, starts);
    }

    /** The length of {@code line} without one trailing LF, CRLF or CR. */
    private static int withoutLineEnd(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    /** Why a record that is not exactly one CSV line is refused: an empty one, or several lines in one record. */
    private String lineCountProblem(int lines) {
        String expected = "expected one CSV line of " + columns.size() + " fields " + columns;
        return lines == 0 ? "the record holds no CSV line (it is empty or blank lines only); " + expected
                : "the record holds " + lines + " CSV lines; " + expected + " per record";
    }

    private RowException wrongFieldCount(int fields) {
        return new RowException("expected " + columns.size() + " fields " + columns + ", got " + fields);
    }

    /** Fields as slices of the record's bytes: field {@code c} is {@code [starts[c], starts[c + 1] - 1)}. */
    private final class ByteFields implements Fields {
        private final byte[] line;
        private final int[] starts;

        ByteFields(byte[] line, int[] starts) {
            this.line = line;
            this.starts = starts;
        }

        @Override
        public double number(int j, boolean feature, String column) throws RowException {
            int c = feature ? featureColumns[j] : targetColumn;
            int from = starts[c];
            int length = starts[c + 1] - 1 - from;
            try {
                return JavaDoubleParser.parseDouble(line, from, length);
            } catch (NumberFormatException e) {
                throw notANumber(column, new String(line, from, length, StandardCharsets.UTF_8));
            }
        }

        @Override
        public String text(String column) {
            Integer c = index.get(column);
            return c == null ? null : new String(line, starts[c], starts[c + 1] - 1 - starts[c], StandardCharsets.UTF_8);
        }
    }

    private Fields parseWithCommonsCsv(byte[] value) throws RowException {
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(new StringReader(new String(value, StandardCharsets.UTF_8)), FORMAT)) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new RowException("not a CSV line: " + e.getMessage());
        }
        if (records.size() != 1) {
            throw new RowException(lineCountProblem(records.size()));
        }
        CSVRecord record = records.get(0);
        if (record.size() != columns.size()) {
            throw wrongFieldCount(record.size());
        }
        return new Fields() {
            @Override
            public double number(int j, boolean feature, String column) throws RowException {
                return parseNumber(record.get(feature ? featureColumns[j] : targetColumn), column);
            }

            @Override
            public String text(String column) {
                Integer c = index.get(column);
                return c == null ? null : record.get(c);
            }
        };
    }
}
