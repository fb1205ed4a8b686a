package io.streamgrad.data;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a numeric {@link Dataset} from CSV text by column names, with Apache Commons CSV (RFC 4180):
 * the first row is the header; fields may be quoted (with commas, quotes and line breaks inside); lines
 * may end in CRLF or LF, and the last one need not end at all; blank lines are skipped; a UTF-8 byte order
 * mark is ignored. Columns that are not selected (a {@code State} of strings, an unnamed index) are never
 * parsed.
 *
 * <p>A selected value is a decimal number such as {@code 192261.83}, {@code -4}, {@code 1e-3}, with optional
 * surrounding spaces, within the float64 range; anything else (empty, {@code NaN}, {@code 1,234},
 * {@code 1e400}) is an error. Errors are
 * {@link CsvDataException}s naming the source, the 1-based data row and the file line, the column and the
 * value; a missing column is an error listing the available ones. I/O failures are {@link IOException}s.
 * Streams and readers passed in are read to the end and not closed.
 */
public final class CsvDataset {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY)
            .get();
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private CsvDataset() {
    }

    /** Reads the UTF-8 file at {@code path}. */
    public static Dataset read(Path path, List<String> featureColumns, String targetColumn) throws IOException {
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(in, path.toString(), featureColumns, targetColumn);
        }
    }

    /** Reads UTF-8 text from {@code in}. */
    public static Dataset read(InputStream in, List<String> featureColumns, String targetColumn) throws IOException {
        return read(new InputStreamReader(in, StandardCharsets.UTF_8), featureColumns, targetColumn);
    }

    /** Reads text from {@code in}. */
    public static Dataset read(Reader in, List<String> featureColumns, String targetColumn) throws IOException {
        return read(in, "CSV input", featureColumns, targetColumn);
    }

    /** As the public readers; {@code source} names the input in error messages. */
    static Dataset read(Reader in, String source, List<String> featureColumns, String targetColumn)
            throws IOException {
        if (featureColumns.isEmpty()) {
            throw new IllegalArgumentException("no feature columns selected; name at least one");
        }
        List<String> selected = new ArrayList<>(featureColumns);
        selected.add(targetColumn);
        // Closing the parser closes the reader it reads: shield the caller's, which the caller closes.
        try (CSVParser parser = parse(withoutByteOrderMark(keptOpen(in)), source)) {
            int[] columns = columnIndices(parser.getHeaderNames(), selected, source);
            int f = featureColumns.size();
            List<double[]> rows = new ArrayList<>();
            Iterator<CSVRecord> records = parser.iterator();
            while (hasNext(records, source)) {
                CSVRecord record = records.next();
                RowContext row = new RowContext(source, record.getRecordNumber(), firstLine(parser, record));
                if (record.size() != parser.getHeaderNames().size()) {
                    throw new CsvDataException(row + " has " + record.size() + " fields, but the header has "
                            + parser.getHeaderNames().size() + " columns; quote fields that contain commas");
                }
                double[] values = new double[selected.size()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = number(record.get(columns[k]), row, selected.get(k));
                }
                rows.add(values);
            }
            if (rows.isEmpty()) {
                throw new CsvDataException(source + " has a header but no data rows");
            }
            double[] features = new double[rows.size() * f];
            double[] target = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, features, i * f, f);
                target[i] = rows.get(i)[f];
            }
            return new Dataset(featureColumns, targetColumn, features, target);
        }
    }

    /** Where a record is, for messages: its 1-based data row and the file line it starts on. */
    private record RowContext(String source, long row, long line) {
        @Override
        public String toString() {
            return source + ": row " + row + " (file line " + line + ")";
        }
    }

    private static CSVParser parse(Reader in, String source) throws IOException {
        try {
            return FORMAT.parse(in);
        } catch (CSVException e) {
            throw new CsvDataException(source + ": the header row is not valid CSV: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CsvDataException(source + ": " + e.getMessage(), e);
        }
    }

    /** The parser reports CSV syntax errors in later rows as unchecked wrappers of {@link CSVException}. */
    private static boolean hasNext(Iterator<CSVRecord> records, String source) throws IOException {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CSVException syntax) {
                throw new CsvDataException(source + ": not valid CSV: " + syntax.getMessage()
                        + "; a quoted field must end with a quote", syntax);
            }
            throw e.getCause();
        }
    }

    private static int[] columnIndices(List<String> header, List<String> selected, String source) {
        if (header.isEmpty()) {
            throw new CsvDataException(source + " is empty; expected a header row naming the columns");
        }
        int[] indices = new int[selected.size()];
        for (int k = 0; k < indices.length; k++) {
            String name = selected.get(k);
            indices[k] = header.indexOf(name);
            if (indices[k] < 0) {
                throw new CsvDataException(source + " has no column '" + name + "'" + suggestion(header, name)
                        + "; available columns: " + header);
            }
        }
        return indices;
    }

    /** Names differ in case or surrounding spaces more often than in anything else. */
    private static String suggestion(List<String> header, String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (String column : header) {
            if (column.strip().toLowerCase(Locale.ROOT).equals(wanted)) {
                return " (did you mean '" + column + "'?)";
            }
        }
        return "";
    }

    private static double number(String value, RowContext row, String column) {
        String text = value.strip();
        if (text.isEmpty()) {
            throw new CsvDataException(row + ", column '" + column + "' is empty; expected a number (drop or "
                    + "fill rows with missing values first)");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new CsvDataException(row + ", column '" + column + "': \"" + value + "\" is not a number; "
                    + "expected a decimal such as 1234.5 or 1e-3");
        }
        double number = Double.parseDouble(text);
        if (Double.isInfinite(number)) {
            // A decimal beyond float64's range parses to infinity, a value the file does not hold.
            throw new CsvDataException(row + ", column '" + column + "': \"" + value + "\" is beyond the float64 "
                    + "range (about ±1.8e308)");
        }
        return number;
    }

    /**
     * The parser counts lines up to the end of the record just read; a quoted field with line breaks makes the
     * record start earlier than that.
     */
    private static long firstLine(CSVParser parser, CSVRecord record) {
        long breaks = 0;
        for (String value : record) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
                    breaks++;
                }
            }
        }
        return parser.getCurrentLineNumber() - breaks;
    }

    /** {@code in} with a {@code close()} that leaves it open. */
    private static Reader keptOpen(Reader in) {
        return new FilterReader(in) {
            @Override
            public void close() {
                // the caller's reader: the caller closes it
            }
        };
    }

    private static Reader withoutByteOrderMark(Reader in) throws IOException {
        PushbackReader reader = new PushbackReader(in, 1);
        int first = reader.read();
        if (first != -1 && first != BYTE_ORDER_MARK) {
            reader.unread(first);
        }
        return reader;
    }
}
