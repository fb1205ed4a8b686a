package io.streamgrad.pipeline;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSV decoder's byte-level fast path means what Commons CSV means: for any line, the decoder's answer (row
 * or rejection reason) equals that of a reference decoder built from Commons CSV and {@link Double#parseDouble}
 * alone — the implementation the fast path replaced — and quoting every field (which forces the Commons CSV
 * path) changes nothing.
 */
class CsvFastPathProperties {
    private static final List<String> COLUMNS = List.of("a", "b", "state", "y");
    private static final List<String> FEATURES = List.of("a", "b");
    private final CsvRowDecoder decoder = new CsvRowDecoder(COLUMNS, FEATURES, "y", "state", 256);

    @Property(tries = 2000)
    void theFastPathAgreesWithCommonsCsvAndParseDouble(@ForAll("lines") String line) {
        assertThat(describe(decoder.decode(null, bytes(line)))).isEqualTo(reference(line));
    }

    @Property(tries = 1000)
    void quotingEveryFieldChangesNothing(@ForAll("plainFieldLists") List<String> fields) {
        String plain = String.join(",", fields);
        String quoted = fields.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(","));

        assertThat(describe(decoder.decode(null, bytes(quoted)))).isEqualTo(describe(decoder.decode(null, bytes(plain))));
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<List<String>> fields = field().list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<String> ending = Arbitraries.of("", "\n", "\r\n", "\r", "\n\n");
        return Combinators.combine(fields, ending).as((f, end) -> String.join(",", f) + end);
    }

    /** Lists whose meaning quoting keeps: no comma inside a field, and not the single empty field (an empty line). */
    @Provide
    Arbitrary<List<String>> plainFieldLists() {
        return field().filter(f -> !f.contains(",")).list().ofMinSize(1).ofMaxSize(6)
                .filter(f -> f.size() > 1 || !f.get(0).isEmpty());
    }

    /** Numbers in Java's grammar and out of it, words, blanks and non-ASCII text; no quotes or line breaks. */
    private static Arbitrary<String> field() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.integers().between(-100000, 100000).map(String::valueOf),
                Arbitraries.of("1.5", " 2 ", "\t3\t", "1e3", "-0", "+7", ".5", "5.", "0x1p3", "1d", "2f", "NaN",
                        "Infinity", "-Infinity", "1e400", "1_0", "1.2.3", "", " ", "abc", "New York", "Ünïcødé",
                        "1,5", "١٢", "4.9e-324"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(Decoded d) {
        return switch (d) {
            case Decoded.Row r -> "row " + r.row().modelKey() + " " + java.util.Arrays.toString(r.row().features())
                    + " " + r.row().target();
            case Decoded.Rejected why -> "rejected: " + why.reason();
        };
    }

    /** The replaced implementation: Commons CSV for the line, {@code Double.parseDouble(text.trim())} per number. */
    private static String reference(String line) {
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(new StringReader(line),
                CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get())) {
            records = parser.getRecords();
        } catch (IOException | RuntimeException e) {
            return "rejected: not a CSV line: " + e.getMessage();
        }
        if (records.size() != 1) {
            return "rejected: expected one CSV line, got " + records.size();
        }
        CSVRecord r = records.get(0);
        if (r.size() != COLUMNS.size()) {
            return "rejected: expected " + COLUMNS.size() + " fields " + COLUMNS + ", got " + r.size();
        }
        double[] x = new double[2];
        double y;
        String[] names = {"a", "b", "y"};
        int[] columns = {0, 1, 3};
        double[] values = new double[3];
        for (int k = 0; k < 3; k++) {
            String raw = r.get(columns[k]);
            try {
                values[k] = Double.parseDouble(raw.trim());
            } catch (NumberFormatException e) {
                return "rejected: column '" + names[k] + "': '" + raw + "' is not a number";
            }
            if (!Double.isFinite(values[k])) {
                return "rejected: column '" + names[k] + "' is " + raw.trim() + "; only finite numbers can be trained on";
            }
        }
        x[0] = values[0];
        x[1] = values[1];
        y = values[2];
        String key = r.get(2);
        if (key.isBlank()) {
            return "rejected: missing model key column 'state'";
        }
        return "row " + key.trim() + " " + java.util.Arrays.toString(x) + " " + y;
    }
}
