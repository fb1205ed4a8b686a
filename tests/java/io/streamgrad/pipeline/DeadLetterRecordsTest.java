package io.streamgrad.pipeline;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.kafka.ReceiverRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rejected record becomes a dead letter with its key, value and every header in order, repeated keys included,
 * followed by the reason and source headers exactly once, also for a dead letter fed back in.
 */
class DeadLetterRecordsTest {
    private static final ConfigTree CONFIG = ConfigTree.of(Map.of("input.features", List.of("x1", "x2"),
            "input.target", "y", "model.id", "m"));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The dead-letter record of {@code value} consumed at rows/0@{@code offset} with {@code headers} (key, value). */
    private static ProducerRecord<byte[], byte[]> deadLetterOf(long offset, String value, String... headers) {
        ConsumerRecord<byte[], byte[]> consumed = new ConsumerRecord<>("rows", 0, offset, bytes("k"), bytes(value));
        for (int i = 0; i < headers.length; i += 2) {
            consumed.headers().add(headers[i], bytes(headers[i + 1]));
        }
        SourceRecord source = KafkaTrainer.toSource(ReceiverRecord.of(consumed, () -> { }));
        TrainerCore core = new TrainerCore(ModelSpec.from(CONFIG),
                new CsvRowDecoder(List.of("x1", "x2", "y"), List.of("x1", "x2"), "y", "", 1024), 10, ModelStore.empty());

        Output dead = core.process(List.of(source)).outputs().stream()
                .filter(o -> o instanceof Output.DeadLetter).findFirst().orElseThrow();
        return new OutputRecords(TrainerSettings.from(CONFIG, KafkaClientConfig.bootstrap("broker:9092"), "1"))
                .of(dead);
    }

    private static List<String> headers(ProducerRecord<byte[], byte[]> r) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void repeatedHeaderKeysAreAllKeptInOrder() {
        ProducerRecord<byte[], byte[]> r = deadLetterOf(7, "oops", "trace", "a", "hop", "x", "trace", "b");

        assertThat(r.topic()).isEqualTo("streamgrad.rows.dlq");
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("oops");
        assertThat(headers(r)).hasSize(7).startsWith("trace=a", "hop=x", "trace=b")
                .contains("streamgrad.source.topic=rows", "streamgrad.source.partition=0",
                        "streamgrad.source.offset=7");
    }

    @Test
    void aDeadLetterFedBackInCarriesOneReasonAndSourceDescribingTheNewRejection() {
        ProducerRecord<byte[], byte[]> r = deadLetterOf(3, "oops", "trace", "a",
                DeadLetterHeaders.REASON, "earlier reason", DeadLetterHeaders.SOURCE_TOPIC, "rows",
                DeadLetterHeaders.SOURCE_PARTITION, "5", DeadLetterHeaders.SOURCE_OFFSET, "41", "hop", "x");

        List<String> headers = headers(r);
        assertThat(headers).hasSize(6).startsWith("trace=a", "hop=x")
                .contains("streamgrad.source.topic=rows", "streamgrad.source.partition=0",
                        "streamgrad.source.offset=3")
                .doesNotContain("streamgrad.reason=earlier reason");
        for (String key : DeadLetterHeaders.ALL) {
            assertThat(r.headers().headers(key)).as("headers %s", key).hasSize(1);
        }
    }
}
