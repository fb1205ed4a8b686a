package io.streamgrad.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Good rows decode; every kind of bad row becomes a rejection with a reason, never an exception. */
class RowDecoderTest {
    private static final List<String> COLUMNS = List.of("a", "b", "state", "y");
    private static final List<String> FEATURES = List.of("a", "b");
    private final RowDecoder csv = new CsvRowDecoder(COLUMNS, FEATURES, "y", "", 64);
    private final RowDecoder json = new JsonRowDecoder(FEATURES, "y", "", 64);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static InputRow row(Decoded d) {
        assertThat(d).isInstanceOf(Decoded.Row.class);
        return ((Decoded.Row) d).row();
    }

    private static String reason(Decoded d) {
        assertThat(d).isInstanceOf(Decoded.Rejected.class);
        return ((Decoded.Rejected) d).reason();
    }

    @Test
    void csvRowsDecodeByConfiguredColumnNamesToleratingCrlfAndQuotes() {
        InputRow r = row(csv.decode(null, bytes("1.5,2,\"New York\",3\r\n")));

        assertThat(r.features()).containsExactly(1.5, 2.0);
        assertThat(r.target()).isEqualTo(3.0);
    }

    @Test
    void badCsvRowsAreRejectedWithTheirReason() {
        assertThat(reason(csv.decode(null, bytes("1,2,x")))).contains("expected 4 fields");
        assertThat(reason(csv.decode(null, bytes("1,abc,x,3")))).contains("column 'b': 'abc' is not a number");
        assertThat(reason(csv.decode(null, bytes("NaN,2,x,3")))).contains("column 'a' is NaN");
        assertThat(reason(csv.decode(null, bytes("1,Infinity,x,3")))).contains("only finite numbers");
        assertThat(reason(csv.decode(null, bytes("1,2,x,3" + " ".repeat(80))))).contains("exceeds the limit of 64 bytes");
        assertThat(reason(csv.decode(null, null))).contains("null value");
    }

    @Test
    void anEmptyCsvRecordOrOneOfSeveralLinesSaysWhatWasExpected() {
        assertThat(reason(csv.decode(null, bytes("")))).isEqualTo("the record holds no CSV line (it is empty or blank"
                + " lines only); expected one CSV line of 4 fields [a, b, state, y]");
        assertThat(reason(csv.decode(null, bytes("1,2,x,3\n4,5,y,6")))).isEqualTo("the record holds 2 CSV lines;"
                + " expected one CSV line of 4 fields [a, b, state, y] per record");
    }

    @Test
    void jsonObjectsDecodeByFieldName() {
        InputRow r = row(json.decode(null, bytes("{\"b\": 2, \"a\": 1, \"y\": 5}")));

        assertThat(r.features()).containsExactly(1.0, 2.0);
        assertThat(r.target()).isEqualTo(5.0);
    }

    @Test
    void badJsonIsRejected() {
        assertThat(reason(json.decode(null, bytes("{\"a\": 1,")))).startsWith("not JSON");
        assertThat(reason(json.decode(null, bytes("[1, 2]")))).contains("expected a JSON object");
        assertThat(reason(json.decode(null, bytes("{\"a\": 1, \"y\": 2}")))).contains("missing column 'b'");
        assertThat(reason(json.decode(null, bytes("{\"a\": \"NaN\", \"b\": 1, \"y\": 2}")))).contains("is NaN");
    }

    @Test
    void aJsonObjectOrArrayWhereANumberBelongsIsQuotedInTheReason() {
        assertThat(reason(json.decode(null, bytes("{\"a\": {\"v\": 1}, \"b\": 2, \"y\": 3}"))))
                .isEqualTo("column 'a': '{\"v\":1}' is not a number");
        assertThat(reason(json.decode(null, bytes("{\"a\": 1, \"b\": [2], \"y\": 3}"))))
                .isEqualTo("column 'b': '[2]' is not a number");
    }

    @Test
    void aJsonRecordWithMoreThanOneValueIsRejectedNotCutToItsFirst() {
        String row = "{\"a\": 1, \"b\": 2, \"y\": 3}";

        assertThat(reason(json.decode(null, bytes(row + row)))).startsWith("not JSON")
                .contains("at byte 24").contains("expected one JSON object per record");
        assertThat(reason(json.decode(null, bytes(row + " x")))).startsWith("not JSON");
        assertThat(row(json.decode(null, bytes(row + " \r\n"))).target()).as("trailing whitespace").isEqualTo(3.0);
    }

    @Test
    void theModelKeyComesFromAColumnOrTheRecordKey() {
        RowDecoder byColumn = new CsvRowDecoder(COLUMNS, FEATURES, "y", "state", 64);
        RowDecoder byRecordKey = new JsonRowDecoder(FEATURES, "y", "record-key", 64);

        assertThat(row(byColumn.decode(null, bytes("1,2,Florida,3"))).modelKey()).isEqualTo("Florida");
        assertThat(row(byRecordKey.decode(bytes("k1"), bytes("{\"a\":1,\"b\":2,\"y\":3}"))).modelKey()).isEqualTo("k1");
        assertThat(reason(byRecordKey.decode(null, bytes("{\"a\":1,\"b\":2,\"y\":3}")))).contains("has no key");
    }

    @Test
    void aCsvKeyColumnOutsideTheColumnsIsAConfigurationErrorNotARejectionPerRow() {
        assertThatThrownBy(() -> new CsvRowDecoder(COLUMNS, FEATURES, "y", "region", 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model.key 'region' is not among input.columns [a, b, state, y]; expected one of those"
                        + " columns, record-key (the Kafka record key), or empty for one model");
    }

    @Test
    void anEmptyRecordKeyIsRejectedRatherThanTrainingTheUnkeyedModel() {
        RowDecoder byRecordKey = new JsonRowDecoder(FEATURES, "y", "record-key", 64);

        // The model key "" is the single model's (model.id without "/key"), which keyed training never trains.
        assertThat(reason(byRecordKey.decode(new byte[0], bytes("{\"a\":1,\"b\":2,\"y\":3}"))))
                .startsWith("model.key is record-key").contains("key is empty");
    }
}
