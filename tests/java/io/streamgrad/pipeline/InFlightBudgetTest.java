package io.streamgrad.pipeline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-flight bound is divided so that its parts never add up to more than it, and reading stays possible. */
class InFlightBudgetTest {
    @ParameterizedTest
    @CsvSource({"32768, 256", "4096, 32", "1000, 32", "4096, 256", "266, 256", "100000, 1", "12, 1"})
    void chunksInTransitTheReceiversBufferAndAPartialBatchFitInTheBound(int maxInFlight, int batch) {
        InFlightBudget b = InFlightBudget.of(maxInFlight, batch);

        assertThat(b.chunkRecords()).isBetween(1, InFlightBudget.MAX_CHUNK_RECORDS);
        assertThat(b.receiverCapacity()).as("a whole poll must fit beside one buffered").isGreaterThanOrEqualTo(2 * b.chunkRecords());
        assertThat(b.receiverCapacity() + InFlightBudget.CHUNKS_IN_TRANSIT * b.chunkRecords() + batch - 1)
                .isLessThanOrEqualTo(maxInFlight);
    }

    @Test
    void largeBoundsReadInTheBenchmarksChunksOfTwoThousand() {
        assertThat(InFlightBudget.of(32768, 256).chunkRecords()).isEqualTo(2000);
    }

    @Test
    void aBoundTooSmallForABatchAndItsChunksSaysWhatItMustBe() {
        assertThatThrownBy(() -> InFlightBudget.of(265, 256)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training.max-in-flight-rows is 265, too small for training.batch-size 256")
                .hasMessageContaining("at least batch-size + 10");
    }
}
