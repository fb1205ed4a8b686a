package io.streamgrad.kafka.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

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

    @Test
    void aWholePollIsTrackedAtOnce_fromThePrefixOfAReusedArray() {
        long[] polled = {0, 1, 2, 99};
        offsets.trackAll(polled, 3);
        polled[0] = 42; // the caller reuses its array for the next partition
        offsets.acknowledge(1);
        offsets.acknowledge(0);
        assertThat(offsets.uncommitted()).hasValue(2);
        assertThat(offsets.pending()).as("only the first 3 were tracked").isEqualTo(1);
        offsets.acknowledge(99);
        assertThat(offsets.pending()).isEqualTo(1);
    }

    @Test
    void acknowledgingAnOffsetThatWasNeverTrackedChangesNothing() {
        track(10, 12, 15);
        offsets.acknowledge(11); // a gap
        offsets.acknowledge(16); // not polled yet
        offsets.acknowledge(9);
        assertThat(offsets.pending()).isEqualTo(3);
        offsets.acknowledge(10);
        assertThat(offsets.uncommitted()).hasValue(11);
    }

    @Test
    void anOffsetPolledAgainIsNotTrackedTwice_eitherCopysAcknowledgementCounts() {
        track(0, 1, 2);
        offsets.trackAll(new long[] {1, 2, 3}, 3); // re-read after a seek the receiver did not make
        assertThat(offsets.pending()).isEqualTo(4);
        offsets.acknowledge(0);
        offsets.acknowledge(1);
        offsets.acknowledge(2);
        offsets.acknowledge(3);
        assertThat(offsets.uncommitted()).hasValue(4);
        assertThat(offsets.pending()).isZero();
    }

    @Test
    void afterRetirementWholePollsAreIgnoredToo() {
        offsets.retire();
        offsets.trackAll(new long[] {0, 1}, 2);
        offsets.acknowledge(0);
        assertThat(offsets.uncommitted()).isEmpty();
        assertThat(offsets.pending()).isZero();
    }

    /**
     * Polls with gaps, each followed by acknowledgements in a shuffled order (each among the 20 oldest
     * outstanding, so mostly in order, some ahead), so the ring wraps and grows while records wait: after
     * every acknowledgement the commit point is exactly past the acknowledged prefix.
     */
    @Test
    void theCommitPointFollowsTheAcknowledgedPrefixThroughWrapsAndGrowth() {
        Random random = new Random(20261128);
        List<Long> polled = new ArrayList<>();
        List<Long> outstanding = new ArrayList<>();
        Set<Long> acknowledged = new HashSet<>();
        int prefix = 0;
        long next = 0;
        for (int poll = 0; poll < 60; poll++) {
            long[] batch = new long[1 + random.nextInt(200)];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = next;
                polled.add(next);
                outstanding.add(next);
                next += 1 + random.nextInt(3); // gaps of up to 2 offsets
            }
            offsets.trackAll(batch, batch.length);
            int acks = poll == 59 ? outstanding.size() : random.nextInt(outstanding.size() + 1);
            for (int a = 0; a < acks; a++) {
                long offset = outstanding.remove(random.nextInt(Math.min(outstanding.size(), 20)));
                offsets.acknowledge(offset);
                acknowledged.add(offset);
                while (prefix < polled.size() && acknowledged.contains(polled.get(prefix))) {
                    prefix++;
                }
                if (prefix == 0) {
                    assertThat(offsets.uncommitted()).isEmpty();
                } else {
                    assertThat(offsets.uncommitted()).hasValue(polled.get(prefix - 1) + 1);
                }
                assertThat(offsets.pending()).isEqualTo(outstanding.size());
            }
        }
        assertThat(offsets.uncommitted()).hasValue(polled.getLast() + 1);
        assertThat(offsets.pending()).isZero();
    }

    @Test
    void trackingMoreAfterAcknowledgementsReusesTheRing() {
        for (long offset = 0; offset < 10_000; offset++) {
            offsets.track(offset);
            if (offset % 3 == 2) { // acknowledge in steps of three, last first
                offsets.acknowledge(offset);
                offsets.acknowledge(offset - 1);
                offsets.acknowledge(offset - 2);
                assertThat(offsets.uncommitted()).hasValue(offset + 1);
            }
        }
        assertThat(offsets.pending()).isEqualTo(1);
    }

    private void track(long... polled) {
        for (long offset : polled) {
            offsets.track(offset);
        }
    }
}
