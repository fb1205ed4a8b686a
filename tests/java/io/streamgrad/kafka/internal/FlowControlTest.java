package io.streamgrad.kafka.internal;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowControlTest {
    private static final TopicPartition P0 = new TopicPartition("rows", 0);
    private static final TopicPartition P1 = new TopicPartition("rows", 1);

    /** capacity 10, max.poll.records 4: a poll may start only with at most 6 buffered. */
    private final FlowControl flow = new FlowControl(10, 4);
    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

    @Test
    void fetchesOnlyWhenDemandExceedsTheBufferAndAWholePollFits() {
        assertThat(flow.mayFetch(0, 0)).as("no demand").isFalse();
        assertThat(flow.mayFetch(5, 5)).as("demand already buffered").isFalse();
        assertThat(flow.mayFetch(100, 6)).as("6 + 4 fits in 10").isTrue();
        assertThat(flow.mayFetch(100, 7)).as("7 + 4 would not fit").isFalse();
        assertThat(flow.mayFetch(Long.MAX_VALUE, 0)).as("unbounded demand").isTrue();
    }

    @Test
    void inBatchModeOneDemandedListIsWorthAWholePoll() {
        FlowControl batches = new FlowControl(10, 4, 4); // lists of up to max.poll.records = 4
        assertThat(batches.mayFetch(0, 0)).as("no demand").isFalse();
        assertThat(batches.mayFetch(1, 0)).as("one list wants up to 4 records").isTrue();
        assertThat(batches.mayFetch(1, 3)).as("3 buffered < 4 wanted").isTrue();
        assertThat(batches.mayFetch(1, 4)).as("a full list is buffered").isFalse();
        assertThat(batches.mayFetch(2, 4)).as("the second list is not").isTrue();
        assertThat(batches.mayFetch(100, 7)).as("7 + 4 would not fit, whatever the demand").isFalse();
        assertThat(batches.mayFetch(Long.MAX_VALUE, 0)).as("unbounded demand").isTrue();
        assertThat(batches.mayFetch(Long.MAX_VALUE / 2, 6)).as("demand × weight saturates, never overflows").isTrue();
    }

    @Test
    void inBatchModeDemandMetByTheBufferPausesEveryPartition() {
        FlowControl batches = new FlowControl(10, 4, 4);
        consumer.assign(List.of(P0, P1));
        batches.apply(consumer, 1, 0);
        assertThat(consumer.paused()).isEmpty();
        assertThat(batches.fetching()).isTrue();
        batches.apply(consumer, 1, 4);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        assertThat(batches.fetching()).isFalse();
    }

    @Test
    void aWeightBelowOneIsRefused() {
        assertThatThrownBy(() -> new FlowControl(10, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutDemandEveryAssignedPartitionIsPaused_andDemandResumesThem() {
        consumer.assign(List.of(P0, P1));
        flow.apply(consumer, 0, 0);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        flow.apply(consumer, 3, 0);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void partitionsAssignedWhileNotFetchingStartPaused() {
        flow.apply(consumer, 0, 0);
        consumer.assign(List.of(P0));
        flow.onAssigned(consumer, Set.of(P0));
        assertThat(consumer.paused()).containsExactly(P0);
    }

    @Test
    void partitionsAssignedWhileFetchingStartFetching() {
        flow.apply(consumer, 10, 0);
        consumer.assign(List.of(P0));
        flow.onAssigned(consumer, Set.of(P0));
        assertThat(consumer.paused()).isEmpty();
    }
}
