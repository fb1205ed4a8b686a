package io.streamgrad.kafka.internal;

import io.streamgrad.kafka.ReceiverRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class RecordBufferTest {
    private final AtomicInteger roomSignals = new AtomicInteger();
    /** Room for a whole poll at 4 buffered records or fewer. */
    private final RecordBuffer<String, String> buffer = new RecordBuffer<>(4, roomSignals::incrementAndGet);

    @Test
    void pollUpToTakesTheOldestRecordsInOrder_atMostMax() {
        buffer.addAll(records(0, 0, 1, 2, 3, 4));
        assertThat(offsets(buffer.pollUpTo(3))).containsExactly(0L, 1L, 2L);
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(offsets(buffer.pollUpTo(3))).containsExactly(3L, 4L);
        assertThat(buffer.pollUpTo(3)).isEmpty();
        assertThat(buffer.size()).isZero();
        assertThat(buffer.maxSize()).isEqualTo(5);
    }

    @Test
    void takingRecordsSignalsOnceWhenAWholePollFitsAgain() {
        buffer.addAll(records(0, LongStream.range(0, 8).toArray()));
        buffer.poll();
        buffer.poll();
        buffer.poll();
        assertThat(roomSignals.get()).as("5 left: still no room").isZero();
        buffer.poll();
        assertThat(roomSignals.get()).as("4 left: room").isOne();
        buffer.poll();
        buffer.pollUpTo(10);
        assertThat(roomSignals.get()).as("already below: no new signal").isOne();

        buffer.addAll(records(0, LongStream.range(8, 16).toArray()));
        buffer.pollUpTo(2);
        assertThat(roomSignals.get()).isOne();
        buffer.pollUpTo(6);
        assertThat(roomSignals.get()).as("one list crosses the mark").isEqualTo(2);
    }

    @Test
    void removingAPartitionsRecordsKeepsTheOthersInOrder() {
        buffer.addAll(records(0, 0, 1));
        buffer.addAll(records(1, 0, 1));
        buffer.addAll(records(0, 2));
        assertThat(buffer.removePartitions(List.of(new TopicPartition("rows", 1)))).hasSize(2);
        assertThat(offsets(buffer.pollUpTo(10))).containsExactly(0L, 1L, 2L);
    }

    private static List<ReceiverRecord<String, String>> records(int partition, long... offsets) {
        return LongStream.of(offsets).mapToObj(offset -> ReceiverRecord.of(
                new ConsumerRecord<>("rows", partition, offset, "k", "v" + offset), () -> {
                })).toList();
    }

    private static List<Long> offsets(List<ReceiverRecord<String, String>> records) {
        return records.stream().map(ReceiverRecord::offset).toList();
    }
}
