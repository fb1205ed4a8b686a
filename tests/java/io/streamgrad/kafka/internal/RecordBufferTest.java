package io.streamgrad.kafka.internal;

import io.streamgrad.kafka.ReceiverRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class RecordBufferTest {
    private final AtomicInteger roomSignals = new AtomicInteger();
    /** Room for a whole poll at 4 buffered records or fewer. */
    private final RecordBuffer<String, String> buffer = new RecordBuffer<>(4, roomSignals::incrementAndGet);

    @Test
    void takingRecordsSignalsOnceWhenAWholePollFitsAgain() {
        buffer.addAll(records(0, LongStream.range(0, 8).toArray()));
        buffer.poll();
        buffer.poll();
        buffer.poll();
        assertThat(roomSignals.get()).as("5 left: still no room").isZero();
        buffer.poll();
        assertThat(roomSignals.get()).as("4 left: room").isOne();
        drain();
        assertThat(roomSignals.get()).as("already below: no new signal").isOne();

        buffer.addAll(records(0, LongStream.range(8, 16).toArray()));
        buffer.poll();
        assertThat(roomSignals.get()).isOne();
        drain();
        assertThat(roomSignals.get()).as("crossing the mark again").isEqualTo(2);
    }

    @Test
    void removingAPartitionsRecordsKeepsTheOthersInOrder() {
        buffer.addAll(records(0, 0, 1));
        buffer.addAll(records(1, 0, 1));
        buffer.addAll(records(0, 2));
        assertThat(buffer.removePartitions(List.of(new TopicPartition("rows", 1)))).hasSize(2);
        assertThat(offsets(drain())).containsExactly(0L, 1L, 2L);
    }

    private List<ReceiverRecord<String, String>> drain() {
        List<ReceiverRecord<String, String>> taken = new ArrayList<>();
        for (ReceiverRecord<String, String> r = buffer.poll(); r != null; r = buffer.poll()) {
            taken.add(r);
        }
        return taken;
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
