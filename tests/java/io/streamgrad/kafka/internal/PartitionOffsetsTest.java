package io.streamgrad.kafka.internal;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionOffsetsTest {
    private final PartitionOffsets offsets = new PartitionOffsets();

    @Test
    void inOrderAcknowledgementsMoveTheCommitPointPastEachRecord() {
        track(0, 1, 2);
        offsets.acknowledge(0);
        offsets.acknowledge(1);
        assertThat(offsets.uncommitted()).hasValue(2);
    }

    @Test
    void anOutOfOrderAcknowledgementWaitsUntilEveryEarlierRecordIsAcknowledged() {
        track(0, 1, 2, 3);
        offsets.acknowledge(2);
        offsets.acknowledge(1);
        assertThat(offsets.uncommitted()).isEmpty();
        offsets.acknowledge(0);
        assertThat(offsets.uncommitted()).hasValue(3);
        assertThat(offsets.pending()).isEqualTo(1);
    }

    @Test
    void offsetsWithGapsAreFollowedInPollOrder_notByArithmetic() {
        track(10, 12, 15); // transaction markers and compaction leave gaps
        offsets.acknowledge(15);
        offsets.acknowledge(10);
        assertThat(offsets.uncommitted()).hasValue(11);
        offsets.acknowledge(12);
        assertThat(offsets.uncommitted()).hasValue(16);
    }

    @Test
    void aCommittedPointIsNotOfferedAgain_andRepeatedAcknowledgementsChangeNothing() {
        track(0, 1);
        offsets.acknowledge(0);
        offsets.acknowledge(0);
        offsets.committed(1);
        assertThat(offsets.uncommitted()).isEmpty();
        offsets.acknowledge(1);
        assertThat(offsets.uncommitted()).hasValue(2);
    }

    @Test
    void afterRetirementAcknowledgementsAreIgnored() {
        track(0, 1);
        offsets.retire();
        offsets.acknowledge(0);
        offsets.track(2);
        assertThat(offsets.uncommitted()).isEqualTo(OptionalLong.empty());
        assertThat(offsets.pending()).isZero();
    }

    private void track(long... polled) {
        for (long offset : polled) {
            offsets.track(offset);
        }
    }
}
