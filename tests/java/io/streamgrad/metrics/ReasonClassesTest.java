package io.streamgrad.metrics;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.data.Dataset;
import io.streamgrad.data.Datasets;
import io.streamgrad.pipeline.CsvRowDecoder;
import io.streamgrad.pipeline.Decoded;
import io.streamgrad.pipeline.InputRow;
import io.streamgrad.pipeline.JsonRowDecoder;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.RowDecoder;
import io.streamgrad.pipeline.StepOutcome;
import io.streamgrad.pipeline.TrainingState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead-letter and rollback reasons map to short classes. The reasons come from the real decoders and the
 * real divergence guard, so a reworded message fails here instead of turning into {@code other}.
 */
class ReasonClassesTest {
    private static final List<String> COLUMNS = List.of("a", "b", "k", "y");
    private static final List<String> FEATURES = List.of("a", "b");

    private static String rejection(RowDecoder decoder, byte[] key, String row) {
        Decoded decoded = decoder.decode(key, row == null ? null : row.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).as("row %s", row).isInstanceOf(Decoded.Rejected.class);
        return ((Decoded.Rejected) decoded).reason();
    }

    @ParameterizedTest(name = "csv {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            NULL                  | empty
            1,2,k,3,                | field_count
            1,2                   | field_count
            "1,2,k,3              | parse
            x,2,k,3               | not_a_number
            1,NaN,k,3             | non_finite
            1,2,k,Infinity        | non_finite
            1,2,,3                | missing_key
            """)
    void csvRejections(String row, String reasonClass) {
        RowDecoder decoder = new CsvRowDecoder(COLUMNS, FEATURES, "y", "k", 64);
        assertThat(ReasonClasses.ofRejection(rejection(decoder, null, row))).isEqualTo(reasonClass);
    }

    @ParameterizedTest(name = "json {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"a": 1, "b": 2              | parse
            [1, 2]                       | parse
            {"a": 1, "y": 3}             | missing_column
            {"a": 1, "b": "x", "y": 3}   | not_a_number
            """)
    void jsonRejections(String row, String reasonClass) {
        RowDecoder decoder = new JsonRowDecoder(FEATURES, "y", "", 64);
        assertThat(ReasonClasses.ofRejection(rejection(decoder, null, row))).isEqualTo(reasonClass);
    }

    @Test
    void tooLargeAndMissingRecordKey() {
        RowDecoder decoder = new CsvRowDecoder(COLUMNS, FEATURES, "y", "record-key", 8);
        assertThat(ReasonClasses.ofRejection(rejection(decoder, null, "1,2,k,3"))).isEqualTo("missing_key");
        assertThat(ReasonClasses.ofRejection(rejection(decoder, null, "1,2,k,3333333"))).isEqualTo("too_large");
    }

    @Test
    void aRowCannotPickItsOwnClassByQuotingAnotherMessage() {
        RowDecoder decoder = new CsvRowDecoder(COLUMNS, FEATURES, "y", "", 256);
        String reason = rejection(decoder, null, "\"missing column; only finite numbers can be trained on\",2,k,3");

        assertThat(ReasonClasses.ofRejection(reason)).isEqualTo("not_a_number");
    }

    @Test
    void unknownOrAbsentReasonsAreOther() {
        assertThat(ReasonClasses.ofRejection("something new")).isEqualTo(ReasonClasses.OTHER);
        assertThat(ReasonClasses.ofRejection(null)).isEqualTo(ReasonClasses.OTHER);
        assertThat(ReasonClasses.ofRollback("something new")).isEqualTo(ReasonClasses.OTHER);
    }

    @Test
    void theDivergenceGuardsReasonsHaveClasses() {
        // The seminar's unscaled run: huge features, a learning rate that overshoots until the loss overflows.
        ModelSpec seminar = ModelSpec.from(ConfigTree.of(Map.of("training.scaler", "none", "training.loss", "sse",
                "training.learning-rate", 1e-6, "training.divergence-policy", "skip")));
        TrainingState state = TrainingState.fresh(seminar, "startups");
        Dataset data = Datasets.startups();
        List<InputRow> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            rows.add(new InputRow("", data.features()[i], data.target()[i]));
        }
        Set<String> classes = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            StepOutcome outcome = state.train(rows);
            if (outcome.rolledBack()) {
                classes.add(ReasonClasses.ofRollback(outcome.rollbackReason()));
            }
        }

        assertThat(classes).isNotEmpty().doesNotContain(ReasonClasses.OTHER);
        assertThat(ReasonClasses.ofRollback("loss is NaN")).isEqualTo("loss_non_finite");
        assertThat(ReasonClasses.ofRollback("gradient norm is Infinity")).isEqualTo("gradient_non_finite");
        assertThat(ReasonClasses.ofRollback("a weight became non-finite")).isEqualTo("weight_non_finite");
    }
}
