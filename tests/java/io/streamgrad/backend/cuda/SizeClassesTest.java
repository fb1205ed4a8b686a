package io.streamgrad.backend.cuda;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The allocator's block sizes. */
class SizeClassesTest {
    @Test
    void smallRequestsRoundToMultiplesOf512Bytes() {
        assertThat(SizeClasses.roundUp(0)).isZero();
        assertThat(SizeClasses.roundUp(1)).isEqualTo(512);
        assertThat(SizeClasses.roundUp(12)).isEqualTo(512);
        assertThat(SizeClasses.roundUp(512)).isEqualTo(512);
        assertThat(SizeClasses.roundUp(513)).isEqualTo(1024);
        assertThat(SizeClasses.roundUp(1 << 20)).isEqualTo(1 << 20);
    }

    @Test
    void largeRequestsRoundToQuarterSteps() {
        long mib = 1 << 20;
        assertThat(SizeClasses.roundUp(mib + 1)).isEqualTo(mib + mib / 4);
        assertThat(SizeClasses.roundUp(3 * mib / 2)).isEqualTo(3 * mib / 2);
        assertThat(SizeClasses.roundUp(64 * mib)).isEqualTo(64 * mib);
        assertThat(SizeClasses.roundUp(64 * mib + 1)).isEqualTo(80 * mib);
        assertThat(SizeClasses.roundUp(4096L * 4096 * 4)).isEqualTo(64 * mib);
    }

    @Test
    void everyClassHoldsItsRequestWithUnder25PercentWaste() {
        for (long bytes = 1; bytes < (1L << 34); bytes = bytes * 3 / 2 + 7) {
            long size = SizeClasses.roundUp(bytes);
            assertThat(size).isGreaterThanOrEqualTo(bytes);
            assertThat(SizeClasses.roundUp(size)).as("a class rounds to itself").isEqualTo(size);
            if (bytes > SizeClasses.SMALL_LIMIT) {
                assertThat((double) size / bytes).isLessThan(1.25);
            }
        }
    }

    @Test
    void negativeSizesAreRejected() {
        assertThatThrownBy(() -> SizeClasses.roundUp(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
