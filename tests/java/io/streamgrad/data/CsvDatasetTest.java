package io.streamgrad.data;

import io.streamgrad.tensor.DType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CsvDataset}: what CSV it accepts, and the errors that say where a file is wrong. */
class CsvDatasetTest {

    private static Dataset read(String csv, List<String> features, String target) throws IOException {
        return CsvDataset.read(new StringReader(csv), features, target);
    }

    @Test
    void readsCrlfQuotedFieldsBlankLinesAByteOrderMarkAndALastLineWithoutNewline() throws Exception {
        // quoted_crlf.csv: a BOM, CRLF endings, a quoted header name with a comma, a quoted field with "" and
        // another with a line break, a padded and a quoted number, a blank line, no newline at the end.
        Path path = Path.of(getClass().getResource("/data/quoted_crlf.csv").toURI());

        Dataset data = CsvDataset.read(path, List.of("R&D Spend"), "Profit");

        assertThat(data.size()).isEqualTo(3);
        assertThat(data.features()).isEqualTo(new double[][] {{165349.2}, {162597.7}, {0}});
        assertThat(data.target()).containsExactly(192261.83, 191792.06, 14681.4);
        assertThat(data.featureNames()).containsExactly("R&D Spend");
        assertThat(data.targetName()).isEqualTo("Profit");
    }

    @Test
    void aQuotedHeaderNameAfterAByteOrderMarkIsFoundAndItsStringsAreReported() throws URISyntaxException {
        Path path = Path.of(getClass().getResource("/data/quoted_crlf.csv").toURI());

        assertThatThrownBy(() -> CsvDataset.read(path, List.of("Company, Inc."), "Profit"))
                .isInstanceOf(CsvDataException.class)
                .hasMessage(path + ": row 1 (file line 2), column 'Company, Inc.': \"Acme, \"the first\"\" is not a "
                        + "number; expected a decimal such as 1234.5 or 1e-3");
    }

    @Test
    void readsFromAnInputStreamAsUtf8() throws IOException {
        byte[] bytes = "ä,y\n1.5,2\n".getBytes(StandardCharsets.UTF_8);

        Dataset data = CsvDataset.read(new ByteArrayInputStream(bytes), List.of("ä"), "y");

        assertThat(data.features()).isEqualTo(new double[][] {{1.5}});
    }

    @Test
    void aReaderOrStreamPassedInIsLeftOpenAsDocumented() throws IOException {
        boolean[] closed = new boolean[2];
        Reader reader = new StringReader("a,b\n1,2\n") {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        InputStream stream = new ByteArrayInputStream("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[1] = true;
            }
        };

        CsvDataset.read(reader, List.of("a"), "b");
        CsvDataset.read(stream, List.of("a"), "b");

        assertThat(closed).containsExactly(false, false);
    }

    @Test
    void columnsAreSelectedByNameInTheRequestedOrder() throws IOException {
        Dataset data = read("a,b,c,d\n1,2,3,4\n5,6,7,8\n", List.of("c", "a"), "b");

        assertThat(data.features()).isEqualTo(new double[][] {{3, 1}, {7, 5}});
        assertThat(data.target()).containsExactly(2, 6);
    }

    @Test
    void tensorsAreXByFeaturesAndYAsAColumn() throws IOException {
        Dataset data = read("a,b,y\n1,2,3\n4,5,6.25\n", List.of("a", "b"), "y");

        Dataset.Tensors t = data.toTensors(DType.FLOAT32);

        assertThat(t.x().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(t.x().shape().toArray()).containsExactly(2, 2);
        assertThat(t.x().toFloatArray()).containsExactly(1, 2, 4, 5);
        assertThat(t.y().shape().toArray()).containsExactly(2, 1);
        assertThat(t.y().toFloatArray()).containsExactly(3, 6.25f);
        assertThat(data.toTensors(DType.FLOAT64).y().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(data.targetColumn()).isEqualTo(new double[][] {{3}, {6.25}});
    }

    @Test
    void decimalNumbersInTheirUsualSpellingsAreAccepted() throws IOException {
        Dataset data = read("x,y\n+1,-.5\n1.,1e3\n 2 ,-4.5E-2\n", List.of("x"), "y");

        assertThat(data.features()).isEqualTo(new double[][] {{1}, {1}, {2}});
        assertThat(data.target()).containsExactly(-0.5, 1000, -0.045);
    }

    @Test
    void aValueThatIsNotANumberNamesRowLineColumnAndValue() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3,x\n", List.of("a"), "b"))
                .isInstanceOf(CsvDataException.class)
                .hasMessage("CSV input: row 2 (file line 3), column 'b': \"x\" is not a number; expected a decimal "
                        + "such as 1234.5 or 1e-3");
    }

    @Test
    void javaOnlyAndNonFiniteSpellingsAreNotNumbers() {
        for (String value : List.of("1d", "2f", "0x10", "NaN", "Infinity", "\"1,5\"", "1e", "--1")) {
            assertThatThrownBy(() -> read("a,b\n" + value + ",2\n", List.of("a"), "b"))
                    .as(value)
                    .hasMessageContaining("is not a number");
        }
    }

    @Test
    void aDecimalBeyondTheFloat64RangeIsAnErrorNotInfinity() {
        assertThatThrownBy(() -> read("a,b\n1,2\n-1e400,2\n", List.of("a"), "b"))
                .isInstanceOf(CsvDataException.class)
                .hasMessage("CSV input: row 2 (file line 3), column 'a': \"-1e400\" is beyond the float64 range (about "
                        + "±1.8e308)");
    }

    @Test
    void theFileLineCountsLineBreaksInsideQuotedFieldsAndBlankLines() {
        String csv = "a,b,c\r\n1,\"two\r\nlines\",2\r\n\r\n3,4,oops";

        assertThatThrownBy(() -> read(csv, List.of("a"), "c"))
                .hasMessageStartingWith("CSV input: row 2 (file line 5), column 'c': \"oops\"");
    }

    @Test
    void anEmptyValueIsReportedAsMissing() {
        assertThatThrownBy(() -> read("a,b\n1,\n", List.of("a"), "b"))
                .hasMessage("CSV input: row 1 (file line 2), column 'b' is empty; expected a number (drop or fill "
                        + "rows with missing values first)");
    }

    @Test
    void aMissingColumnListsTheAvailableOnesAndSuggestsANearName() {
        assertThatThrownBy(() -> read("R&D Spend,State,Profit\n1,NY,2\n", List.of("R&D Spend"), "profit"))
                .isInstanceOf(CsvDataException.class)
                .hasMessage("CSV input has no column 'profit' (did you mean 'Profit'?); available columns: "
                        + "[R&D Spend, State, Profit]");
        assertThatThrownBy(() -> read("a,b\n1,2\n", List.of("x"), "b"))
                .hasMessage("CSV input has no column 'x'; available columns: [a, b]");
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsNamed() {
        assertThatThrownBy(() -> read("a,b,c\n1,2,3\n4,5\n", List.of("a"), "b"))
                .hasMessage("CSV input: row 2 (file line 3) has 2 fields, but the header has 3 columns; quote fields "
                        + "that contain commas");
    }

    @Test
    void brokenQuotingEmptyInputAndAHeaderWithoutRowsAreErrors() {
        assertThatThrownBy(() -> read("a,b\n1,\"2\n", List.of("a"), "b"))
                .isInstanceOf(CsvDataException.class)
                .hasMessageContaining("not valid CSV")
                .hasMessageContaining("EOF reached before encapsulated token finished");
        assertThatThrownBy(() -> read("", List.of("a"), "b"))
                .hasMessage("CSV input is empty; expected a header row naming the columns");
        assertThatThrownBy(() -> read("a,b\r\n", List.of("a"), "b"))
                .hasMessage("CSV input has a header but no data rows");
        assertThatThrownBy(() -> read("a,b,a\n1,2,3\n", List.of("a"), "b"))
                .hasMessageContaining("duplicate name: \"a\"");
        assertThatThrownBy(() -> read("a,b\n1,2\n", List.of(), "b"))
                .hasMessageContaining("no feature columns selected");
    }
}
