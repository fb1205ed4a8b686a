package io.streamgrad.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static io.streamgrad.kafka.TestClients.receiverOptions;
import static io.streamgrad.kafka.TestClients.senderOptions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded broker stopped and started again on the same port and data directory: a running sender and
 * receiver ride it out and nothing is lost.
 */
class BrokerRestartTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void aSenderAndAReceiverCarryOnAcrossARestartOnTheSamePortAndDirectory_losingNothing() {
        EmbeddedKafka broker = EmbeddedKafka.builder().dataDir(dataDir).start();
        int port = broker.port();
        KafkaClientConfig client = KafkaClientConfig.of(broker.clientProperties());
        String topic = "restart";
        broker.createTopic(topic, 2, false);

        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        KafkaClientConfig consumer = client.withAll(Map.of("group.id", "restart-group", "auto.offset.reset", "earliest"));
        try (KafkaSender<String, String> sender = KafkaSender.create(senderOptions(client).build());
             KafkaReceiver<String, String> receiver = KafkaReceiver.create(receiverOptions(consumer, topic)
                     .commitInterval(Duration.ofMillis(200)).build())) {
            Disposable receiving = receiver.receive().subscribe(r -> {
                if (!received.add(r.value())) {
                    duplicates.incrementAndGet();
                }
                r.acknowledge();
            });

            send(sender, topic, "before").block(TIMEOUT);
            awaitReceived(received, 100);

            broker.close();
            Mono<List<SendResult<Integer>>> duringDowntime = send(sender, topic, "during").cache();
            duringDowntime.subscribe();
            broker = EmbeddedKafka.builder().port(port).dataDir(dataDir).start();

            assertThat(broker.bootstrapServers()).isEqualTo(client.get("bootstrap.servers").orElseThrow());
            send(sender, topic, "after").block(TIMEOUT);
            assertThat(duringDowntime.block(TIMEOUT)).noneMatch(SendResult::failed);
            awaitReceived(received, 300);
            receiving.dispose();
        } finally {
            broker.close();
        }
        assertThat(received).hasSize(300).contains("before-0", "during-99", "after-50");
        assertThat(duplicates.get()).as("records received twice").isZero();
    }

    private static Mono<List<SendResult<Integer>>> send(KafkaSender<String, String> sender, String topic, String phase) {
        return sender.send(Flux.fromStream(IntStream.range(0, 100).boxed())
                        .map(i -> SenderRecord.of(new ProducerRecord<>(topic, phase + "-" + i, phase + "-" + i), i)))
                .collectList()
                .doOnNext(results -> assertThat(results).noneMatch(SendResult::failed));
    }

    private static void awaitReceived(Set<String> received, int count) {
        Await.until(count + " distinct records received", TIMEOUT, () -> received.size() >= count, received::size);
    }
}
