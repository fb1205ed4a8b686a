package io.streamgrad.pipeline;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CSV line per record (no header: the column names come from the config), parsed with Commons CSV:
 * quoted fields, and a trailing CR or CRLF, are tolerated.
 */
public final class CsvRowDecoder extends RowDecoder {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();

    public CsvRowDecoder(List<String> columns, List<String> features, String target, String keyColumn,
                         int maxRowBytes) {
        super(features, target, keyColumn, maxRowBytes);
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        for (String needed : features) {
            requireColumn(needed);
        }
        requireColumn(target);
    }

    private void requireColumn(String name) {
        if (!index.containsKey(name)) {
            throw new IllegalArgumentException("column '" + name + "' is not among input.columns " + columns);
        }
    }

    @Override
    protected Fields parse(String text) throws RowException {
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new RowException("not a CSV line: " + e.getMessage());
        }
        if (records.size() != 1) {
            throw new RowException("expected one CSV line, got " + records.size());
        }
        CSVRecord record = records.get(0);
        if (record.size() != columns.size()) {
            throw new RowException("expected " + columns.size() + " fields " + columns + ", got " + record.size());
        }
        return column -> {
            Integer i = index.get(column);
            return i == null ? null : record.get(i);
        };
    }
}
