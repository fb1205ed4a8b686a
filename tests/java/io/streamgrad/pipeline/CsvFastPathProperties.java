package io.streamgrad.pipeline;

import io.streamgrad.testing.Cases;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.streamgrad.testing.Cases.between;
import static io.streamgrad.testing.Cases.oneOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("lines")
    void theFastPathAgreesWithCommonsCsvAndParseDouble(String line) {
        assertThat(describe(decoder.decode(null, bytes(line)))).isEqualTo(reference(line));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("plainFieldLists")
    void quotingEveryFieldChangesNothing(List<String> fields) {
        String plain = String.join(",", fields);
        String quoted = fields.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(","));

        assertThat(describe(decoder.decode(null, bytes(quoted)))).isEqualTo(describe(decoder.decode(null, bytes(plain))));
    }

    // ---- generated cases (see Cases) ----

    static Stream<Arguments> lines(TestInfo test) {
        return Cases.of(test, 2000, random -> {
            String line = String.join(",", fields(random, f -> true))
                    + oneOf(random, "", "\n", "\r\n", "\r", "\n\n");
            return arguments(Named.of(quote(line), line));
        });
    }

    /** Lists whose meaning quoting keeps: no comma inside a field, and not the single empty field (an empty line). */
    static Stream<Arguments> plainFieldLists(TestInfo test) {
        return Cases.of(test, 1000, random -> {
            List<String> fields;
            do {
                fields = fields(random, f -> !f.contains(","));
            } while (fields.size() == 1 && fields.get(0).isEmpty());
            return arguments(Named.of(fields.stream().map(CsvFastPathProperties::quote).toList().toString(), fields));
        });
    }

    /** 1 to 6 {@link #field}s that pass {@code filter}. */
    private static List<String> fields(SplittableRandom random, Predicate<String> filter) {
        int count = between(random, 1, 6);
        List<String> fields = new ArrayList<>(count);
        while (fields.size() < count) {
            String f = field(random);
            if (filter.test(f)) {
                fields.add(f);
            }
        }
        return fields;
    }

    /** Numbers in Java's grammar and out of it, words, blanks and non-ASCII text; no quotes or line breaks. */
    private static String field(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> String.valueOf(anyDouble(random));
            case 1 -> String.valueOf(between(random, -100000, 100000));
            default -> oneOf(random, "1.5", " 2 ", "\t3\t", "1e3", "-0", "+7", ".5", "5.", "0x1p3", "1d", "2f", "NaN",
                    "Infinity", "-Infinity", "1e400", "1_0", "1.2.3", "", " ", "abc", "New York", "Ünïcødé",
                    "1,5", "١٢", "4.9e-324");
        };
    }

    /**
     * A double of either sign: one in ten a special value, else any bit pattern (every exponent, subnormals) or a
     * number with two decimals up to 10^8 (which Java prints with an exponent from 10^7 on).
     */
    private static double anyDouble(SplittableRandom random) {
        return switch (random.nextInt(10)) {
            case 0 -> oneOf(random, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
                    Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE);
            case 1, 2, 3, 4 -> Double.longBitsToDouble(random.nextLong());
            default -> Math.round(random.nextDouble(-1, 1) * Math.pow(10, between(random, 0, 10))) / 100.0;
        };
    }

    /** {@code s} in double quotes, with its tabs and line breaks written as escapes: a readable display name. */
    private static String quote(String s) {
        return "\"" + s.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + "\"";
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
            String expected = "expected one CSV line of " + COLUMNS.size() + " fields " + COLUMNS;
            return "rejected: " + (records.isEmpty() ? "the record holds no CSV line (it is empty or blank lines only); "
                    + expected : "the record holds " + records.size() + " CSV lines; " + expected + " per record");
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
