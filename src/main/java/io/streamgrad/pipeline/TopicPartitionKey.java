package io.streamgrad.pipeline;

/** A topic partition, independent of the Kafka client classes. */
public record TopicPartitionKey(String topic, int partition) {
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
