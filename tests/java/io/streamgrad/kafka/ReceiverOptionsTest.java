package io.streamgrad.kafka;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceiverOptionsTest {
    private static final KafkaClientConfig GROUP = KafkaClientConfig.bootstrap("b:1").with("group.id", "g");

    @Test
    void theReceiverDefaultsToReadCommittedAndTakesOverCommitting() {
        Map<String, Object> props = options(GROUP).subscription(List.of("rows")).bufferCapacity(300).build().consumerProperties();
        assertThat(props).containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("max.poll.records", "300");
    }

    @Test
    void aSubscriptionWithoutAGroupIsRefusedWithTheReason() {
        assertThatThrownBy(() -> options(KafkaClientConfig.bootstrap("b:1")).subscription(List.of("rows")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs group.id");
    }

    @Test
    void anAssignmentNeedsNoGroup() {
        ReceiverOptions<String, String> options = options(KafkaClientConfig.bootstrap("b:1"))
                .assignment(List.of(new TopicPartition("models", 0))).build();
        assertThat(options.groupId()).isEmpty();
    }

    @Test
    void autoCommitIsRefused_becauseItWouldCommitUnprocessedRecords() {
        assertThatThrownBy(() -> options(GROUP.with("enable.auto.commit", "true")).subscription(List.of("rows")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before they are processed");
    }

    @Test
    void maxPollRecordsAboveTheBufferCapacityIsRefused_becauseOnePollCouldOverflowIt() {
        assertThatThrownBy(() -> options(GROUP.with("max.poll.records", "500")).subscription(List.of("rows"))
                .bufferCapacity(100).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds bufferCapacity=100");
    }

    @Test
    void bothOrNeitherOfSubscriptionAndAssignmentIsRefused() {
        assertThatThrownBy(() -> options(GROUP).build()).hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> options(GROUP).subscription(List.of("a")).assignment(List.of(new TopicPartition("a", 0))).build())
                .hasMessageContaining("exactly one of");
    }

    private static ReceiverOptions.Builder<String, String> options(KafkaClientConfig config) {
        return ReceiverOptions.builder(config, new StringDeserializer(), new StringDeserializer());
    }
}
