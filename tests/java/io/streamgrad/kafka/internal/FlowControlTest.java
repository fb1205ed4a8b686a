package io.streamgrad.kafka.internal;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

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
