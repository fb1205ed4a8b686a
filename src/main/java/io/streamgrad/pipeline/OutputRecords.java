package io.streamgrad.pipeline;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kafka record of each trainer output: model updates keyed by model id on the model topic, loss records on
 * the metrics topic, and dead letters with the original key, value and headers plus why and where from (see
 * {@link DeadLetterHeaders} for a record that already carries those).
 */
final class OutputRecords {
    private final String modelsTopic;
    private final String metricsTopic;
    private final String deadLetterTopic;

    OutputRecords(TrainerSettings settings) {
        this.modelsTopic = settings.modelsTopic();
        this.metricsTopic = settings.metricsTopic();
        this.deadLetterTopic = settings.deadLetterTopic();
    }

    ProducerRecord<byte[], byte[]> of(Output o) {
        return switch (o) {
            case Output.ModelPublication p -> new ProducerRecord<>(modelsTopic, bytes(p.modelId()), p.state());
            case Output.Metric m -> new ProducerRecord<>(metricsTopic, bytes(m.modelId()), bytes(m.json()));
            case Output.DeadLetter d -> deadLetter(d);
        };
    }

    /**
     * The source record's key, value and every header in order (repeated keys included), then the
     * {@link DeadLetterHeaders}. A source header with one of those keys (a dead letter fed back in) is dropped, so
     * that each appears once and describes this rejection.
     */
    private ProducerRecord<byte[], byte[]> deadLetter(Output.DeadLetter d) {
        List<Header> headers = new ArrayList<>(d.source().headers().size() + DeadLetterHeaders.ALL.size());
        for (SourceRecord.Header h : d.source().headers()) {
            if (!DeadLetterHeaders.ALL.contains(h.key())) {
                headers.add(new RecordHeader(h.key(), h.value()));
            }
        }
        headers.add(new RecordHeader(DeadLetterHeaders.REASON, bytes(d.reason())));
        headers.add(new RecordHeader(DeadLetterHeaders.SOURCE_TOPIC, bytes(d.source().topic())));
        headers.add(new RecordHeader(DeadLetterHeaders.SOURCE_PARTITION, bytes(Integer.toString(d.source().partition()))));
        headers.add(new RecordHeader(DeadLetterHeaders.SOURCE_OFFSET, bytes(Long.toString(d.source().offset()))));
        return new ProducerRecord<>(deadLetterTopic, null, d.source().key(), d.source().value(), headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
