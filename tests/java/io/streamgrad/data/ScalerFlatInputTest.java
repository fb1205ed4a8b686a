package io.streamgrad.data;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flat row-major form of the scalers ({@code partialFit(double[], int)}, {@code transform(double[], int)},
 * {@code inverseTransform(double[], int)}): the input contract and its errors. Its numbers are
 * {@link ScalerBitIdentityTest}'s.
 */
class ScalerFlatInputTest {

    /** Three rows of three features, one after another. */
    private static final double[] SMALL = {1, 10, -2, 3, 10, 6, 2, 10, 0};

    private static Scaler scaler(String name) {
        return switch (name) {
            case "MinMaxScaler" -> new MinMaxScaler();
            case "StandardScaler" -> new StandardScaler();
            default -> throw new AssertionError(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"MinMaxScaler", "StandardScaler"})
    void aFlatBatchIsReadRowAfterRow(String name) {
        Scaler scaler = scaler(name);
        scaler.partialFit(SMALL, 3);

        assertThat(scaler.nFeaturesIn()).isEqualTo(3);
        assertThat(scaler.nSamplesSeen()).isEqualTo(3);
        assertThat(scaler.transform(SMALL, 3))
                .containsExactly(ScalerBitIdentityTest.flat(scaler.transform(new double[][] {
                        {1, 10, -2}, {3, 10, 6}, {2, 10, 0}})));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MinMaxScaler", "StandardScaler"})
    void resultsAreNewArraysAndTheInputIsNotModified(String name) {
        Scaler scaler = scaler(name);
        double[] x = SMALL.clone();
        scaler.partialFit(x, 3);
        double[] scaled = scaler.transform(x, 3);
        double[] back = scaler.inverseTransform(scaled, 3);

        assertThat(x).containsExactly(SMALL);
        assertThat(scaled).isNotSameAs(x).hasSize(9);
        assertThat(back).isNotSameAs(scaled).hasSize(9);
        assertThat(scaler.transform(x, 3)).isNotSameAs(scaled).containsExactly(scaled);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MinMaxScaler", "StandardScaler"})
    void usingAnUnfittedScalerSaysToFitFirst(String name) {
        Scaler scaler = scaler(name);

        assertThatThrownBy(() -> scaler.transform(SMALL, 3))
                .isInstanceOf(NotFittedException.class)
                .hasMessage("This " + name + " instance is not fitted yet. Call 'fit' or 'partialFit' first.");
        assertThatThrownBy(() -> scaler.inverseTransform(SMALL, 3)).isInstanceOf(NotFittedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MinMaxScaler", "StandardScaler"})
    void theFeatureCountMustBePositive(String name) {
        Scaler scaler = scaler(name);

        assertThatThrownBy(() -> scaler.partialFit(SMALL, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features is 0, but " + name + " needs at least 1 feature per row: x holds the rows one "
                        + "after another, features values each.");
        assertThatThrownBy(() -> scaler.partialFit(SMALL, -3)).hasMessageStartingWith("features is -3, but ");
        assertThat(scaler.isFitted()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MinMaxScaler", "StandardScaler"})
    void anEmptyBatchIsRejectedAsTheRowsFormRejectsIt(String name) {
        Scaler scaler = scaler(name);

        assertThatThrownBy(() -> scaler.partialFit(new double[0], 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Found array with 0 sample(s) while a minimum of 1 is required by " + name + ".");
        assertThat(scaler.isFitted()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MinMaxScaler", "StandardScaler"})
    void aLengthThatIsNotAMultipleOfTheFeaturesSaysWhatWasExpected(String name) {
        Scaler scaler = scaler(name);

        assertThatThrownBy(() -> scaler.partialFit(new double[7], 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x has 7 values, which is not a multiple of features = 3: x holds the rows one after "
                        + "another, 3 values each, so " + name + " expected 6 values (2 rows) or 9 values (3 rows).");
        assertThatThrownBy(() -> scaler.partialFit(new double[4], 3))
                .hasMessageEndingWith("expected 3 values (1 row) or 6 values (2 rows).");
        assertThatThrownBy(() -> scaler.partialFit(new double[2], 3))
                .hasMessageEndingWith("so " + name + " expected 3 values (1 row).");
        scaler.partialFit(SMALL, 3);
        assertThatThrownBy(() -> scaler.transform(new double[8], 3))
                .hasMessageStartingWith("x has 8 values, which is not a multiple of features = 3");
        assertThatThrownBy(() -> scaler.inverseTransform(new double[8], 3))
                .hasMessageStartingWith("x has 8 values, which is not a multiple of features = 3");
        assertThat(scaler.nSamplesSeen()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MinMaxScaler", "StandardScaler"})
    void aWrongFeatureCountIsNamedAsTheRowsFormNamesIt(String name) {
        Scaler scaler = scaler(name);
        scaler.partialFit(SMALL, 3);
        String message = "X has 2 features, but " + name + " is expecting 3 features as input.";

        assertThatThrownBy(() -> scaler.partialFit(new double[] {1, 2}, 2)).hasMessage(message);
        assertThatThrownBy(() -> scaler.transform(new double[] {1, 2, 3, 4}, 2)).hasMessage(message);
        assertThatThrownBy(() -> scaler.inverseTransform(new double[] {1, 2}, 2)).hasMessage(message);
        // Nine values are also three rows of 3: the declared count is what is checked, not a guess.
        assertThatThrownBy(() -> scaler.transform(new double[9], 9))
                .hasMessage("X has 9 features, but " + name + " is expecting 3 features as input.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MinMaxScaler", "StandardScaler"})
    void aNonFiniteValueIsNamedByRowAndColumnAndTheWholeBatchIsCheckedFirst(String name) {
        Scaler scaler = scaler(name);
        scaler.partialFit(SMALL, 3);
        var before = scaler.stateDict();

        assertThatThrownBy(() -> scaler.partialFit(new double[] {1, 2, 3, 100, Double.NaN, 3}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x[4] is NaN (row 1, column 1, counted from 0, at 3 features per row), but " + name
                        + " needs finite values; drop or impute that row first.");
        assertThatThrownBy(() -> scaler.transform(new double[] {1, 2, Double.NEGATIVE_INFINITY}, 3))
                .hasMessageStartingWith("x[2] is -Infinity (row 0, column 2, counted from 0");
        assertThatThrownBy(() -> scaler.inverseTransform(new double[] {1, 2, 3, 4, 5, Double.POSITIVE_INFINITY}, 3))
                .hasMessageStartingWith("x[5] is Infinity (row 1, column 2, counted from 0");
        assertThat(scaler.nSamplesSeen()).isEqualTo(3);
        scaler.stateDict().forEach((key, value) ->
                assertThat(value.toDoubleArray()).as(key).containsExactly(before.get(key).toDoubleArray()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MinMaxScaler", "StandardScaler"})
    void aBadFirstBatchLeavesTheScalerUnfitted(String name) {
        Scaler scaler = scaler(name);

        assertThatThrownBy(() -> scaler.partialFit(new double[] {1, 2, 3, 4, 5, Double.NaN}, 2))
                .hasMessageStartingWith("x[5] is NaN (row 2, column 1, counted from 0, at 2 features per row)");
        assertThat(scaler.isFitted()).isFalse();
        scaler.partialFit(new double[] {1, 2}, 1);
        assertThat(scaler.nFeaturesIn()).isEqualTo(1);
        assertThat(scaler.nSamplesSeen()).isEqualTo(2);
    }
}
