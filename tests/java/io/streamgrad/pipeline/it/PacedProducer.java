package io.streamgrad.pipeline.it;

import io.streamgrad.testing.Await;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Feeds rows to a topic at a steady rate in the background, with a plain (idempotent) Kafka producer that
 * rides out broker outages by retrying, so a scenario can keep producing while something else happens. The
 * rows land in the order given.
 */
final class PacedProducer {
    private static final int ROWS_PER_TICK = 100;

    private PacedProducer() {
    }

    /** Sends {@code lines} to {@code topic}, unkeyed, at about {@code rowsPerSecond}. */
    static CompletableFuture<Long> start(Map<String, Object> clientProperties, String topic, List<String> lines,
                                         double rowsPerSecond) {
        return start(clientProperties, lines, rowsPerSecond, line -> new ProducerRecord<>(topic, bytes(line)));
    }

    /**
     * Sends the record {@code toRecord} makes of each line, at about {@code rowsPerSecond}; completes with the
     * number of rows the broker acknowledged, or fails with the first send error.
     */
    static CompletableFuture<Long> start(Map<String, Object> clientProperties, List<String> lines, double rowsPerSecond,
                                         Function<String, ProducerRecord<byte[], byte[]>> toRecord) {
        return CompletableFuture.supplyAsync(() -> {
            long tickNanos = (long) (1e9 * ROWS_PER_TICK / rowsPerSecond);
            long next = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>(lines.size());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clientProperties, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < lines.size(); i++) {
                    if (i % ROWS_PER_TICK == 0) {
                        next += tickNanos;
                        Await.sleep(java.time.Duration.ofNanos(Math.max(0, next - System.nanoTime())));
                    }
                    sent.add(producer.send(toRecord.apply(lines.get(i))));
                }
                for (Future<?> f : sent) {
                    f.get();
                }
            } catch (Exception e) {
                throw new IllegalStateException("producing rows failed: " + e, e);
            }
            return (long) sent.size();
        });
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
