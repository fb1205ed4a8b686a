package io.streamgrad.pipeline;

import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.kafka.KafkaSender;
import io.streamgrad.kafka.SecretResolver;
import io.streamgrad.kafka.SendResult;
import io.streamgrad.kafka.SenderOptions;
import io.streamgrad.kafka.SenderRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Replays rows (CSV lines) onto a topic: the lines in order, {@code repeat} times, at most {@code rate}
 * rows per second (0 = as fast as the broker takes them). What {@code streamgrad produce} and the demo use.
 */
public final class RowProducer {
    private RowProducer() {
    }

    /** Sends every line {@code repeat} times; returns how many records were written. */
    public static long produce(KafkaClientConfig client, String topic, List<String> lines, int repeat, double rate,
                               LongConsumer progress) {
        SenderOptions<byte[], byte[]> options = SenderOptions.builder(client, new ByteArraySerializer(),
                new ByteArraySerializer()).secretResolver(SecretResolver.fromEnvironment()).build();
        long total = (long) lines.size() * repeat;
        try (KafkaSender<byte[], byte[]> sender = KafkaSender.create(options)) {
            Flux<SenderRecord<byte[], byte[], Long>> records = Flux.fromIterable(() -> indices(total))
                    .map(i -> SenderRecord.of(new ProducerRecord<byte[], byte[]>(topic,
                            lines.get((int) (i % lines.size())).getBytes(StandardCharsets.UTF_8)), i));
            if (rate > 0) {
                long perTick = Math.max(1, (long) (rate / 10));
                records = records.window((int) perTick).zipWith(Flux.interval(Duration.ZERO, Duration.ofMillis(100)).onBackpressureDrop(),
                        (w, t) -> w).concatMap(w -> w);
            }
            long[] written = {0};
            sender.send(records).doOnNext(r -> check(r)).doOnNext(r -> {
                if (++written[0] % 10_000 == 0) {
                    progress.accept(written[0]);
                }
            }).blockLast();
            sender.flush().block();
            progress.accept(written[0]);
            return written[0];
        }
    }

    private static void check(SendResult<Long> r) {
        if (r.failed()) {
            throw new IllegalStateException("record " + r.correlationMetadata() + " was not written: "
                    + r.exception().getMessage(), r.exception());
        }
    }

    private static Iterator<Long> indices(long total) {
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public Long next() {
                return next++;
            }
        };
    }
}
