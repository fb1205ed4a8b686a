package io.streamgrad.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batches are cut from waiting slices by count, across and within blocks, in arrival order. */
class SliceQueueTest {
    private static final CsvRowDecoder DECODER = new CsvRowDecoder(List.of("x", "y"), List.of("x"), "y", "", 64);

    private static RecordBlock block(int partition, long firstOffset, int rows) {
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            records.add(new SourceRecord("rows", partition, firstOffset + i, null,
                    (i + "," + (2 * i)).getBytes(StandardCharsets.UTF_8), List.of()));
        }
        return RecordBlock.decode(DECODER, records);
    }

    private static List<Long> offsets(List<BlockSlice> slices) {
        List<Long> out = new ArrayList<>();
        for (BlockSlice s : slices) {
            for (int i = s.from(); i < s.to(); i++) {
                out.add(s.block().offset(i));
            }
        }
        return out;
    }

    @Test
    void takesExactlyTheOldestRecordsSplittingASliceWhereNeeded() {
        SliceQueue q = new SliceQueue();
        q.add(block(0, 0, 3).all(), 10);
        q.add(block(0, 3, 4).all(), 20);

        assertThat(offsets(q.take(5))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(q.size()).isEqualTo(2);
        assertThat(offsets(q.take(2))).containsExactly(5L, 6L);
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void theOldestWaitIsThatOfTheOldestRecordStillWaiting() {
        SliceQueue q = new SliceQueue();
        assertThat(q.oldestWaitNanos(100)).isZero();
        q.add(block(0, 0, 2).all(), 10);
        q.add(block(0, 2, 2).all(), 50);

        assertThat(q.oldestWaitNanos(100)).isEqualTo(90);
        q.take(1);
        assertThat(q.oldestWaitNanos(100)).as("the rest of the first slice arrived at 10").isEqualTo(90);
        q.take(1);
        assertThat(q.oldestWaitNanos(100)).isEqualTo(50);
    }

    @Test
    void removingAPartitionsSlicesKeepsTheOthersInOrder() {
        SliceQueue q = new SliceQueue();
        q.add(block(0, 0, 2).all(), 1);
        q.add(block(1, 100, 3).all(), 2);
        q.add(block(0, 2, 1).all(), 3);

        q.removeIf(s -> s.block().partition(s.from()) == 1);

        assertThat(q.size()).isEqualTo(3);
        assertThat(offsets(q.take(3))).containsExactly(0L, 1L, 2L);
    }

    @Test
    void takingMoreThanWaitsIsAnError() {
        SliceQueue q = new SliceQueue();
        q.add(block(0, 0, 2).all(), 1);

        assertThatThrownBy(() -> q.take(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot take 3 of 2 waiting records");
    }

    @Test
    void aBlockCutsIntoOneRunPerPartitionInOrder() {
        List<SourceRecord> records = new ArrayList<>();
        for (int[] po : new int[][] {{0, 5}, {0, 6}, {1, 9}, {0, 7}}) {
            records.add(new SourceRecord("rows", po[0], po[1], null, "1,2".getBytes(StandardCharsets.UTF_8), List.of()));
        }
        RecordBlock block = RecordBlock.decode(DECODER, records);

        assertThat(block.partitionRuns()).extracting(BlockSlice::from, BlockSlice::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(2, 3),
                        org.assertj.core.groups.Tuple.tuple(3, 4));
        assertThat(block.samePartition(0, 3)).isTrue();
        assertThat(block.samePartition(1, 2)).isFalse();
    }
}
