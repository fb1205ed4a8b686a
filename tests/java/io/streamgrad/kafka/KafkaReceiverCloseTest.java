package io.streamgrad.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** After {@link KafkaReceiver#close()} returns, no consumer runs, whatever subscribes; no broker needed. */
class KafkaReceiverCloseTest {
    private static final TopicPartition ROWS = new TopicPartition("rows", 0);

    /** Consumers created by receivers' poll threads, in place of KafkaConsumers. */
    private final List<MockConsumer<String, String>> consumers = new CopyOnWriteArrayList<>();

    private final Function<Map<String, Object>, Consumer<String, String>> factory = props -> {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.updateBeginningOffsets(Map.of(ROWS, 0L));
        consumers.add(consumer);
        return consumer;
    };

    private KafkaReceiver<String, String> receiver(String clientId) {
        return KafkaReceiver.create(ReceiverOptions.builder(
                        KafkaClientConfig.bootstrap("127.0.0.1:1").with("client.id", clientId),
                        new StringDeserializer(), new StringDeserializer())
                .assignment(List.of(ROWS)).pollTimeout(Duration.ofMillis(5)).build(), factory);
    }

    @Test
    void aSubscriptionAfterCloseFailsAndCreatesNoConsumer() {
        KafkaReceiver<String, String> receiver = receiver("closed-first");
        receiver.close();

        StepVerifier.create(receiver.receive())
                .expectErrorMatches(e -> e instanceof IllegalStateException && e.getMessage().contains("is closed"))
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(receiver.receiveBatches())
                .expectErrorMatches(e -> e instanceof IllegalStateException && e.getMessage().contains("is closed"))
                .verify(Duration.ofSeconds(10));

        assertThat(consumers).isEmpty();
        assertThat(receiver.status().running()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("kafka-receiver-closed-first"));
    }

    /**
     * A subscription racing close(): whichever wins, once close() has returned and subscribe has returned, no
     * loop runs and every consumer created is closed. The race itself cannot be forced (nothing the test controls
     * runs between attach's closed check and its compare-and-set), so this runs it many times: a subscription
     * that passed the check just before close() and installed its loop just after close() looked used to start a
     * consumer that nothing would ever stop.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aSubscriptionRacingCloseNeverLeavesAConsumerRunningAfterCloseReturns() throws Exception {
        int leaked = 0;
        for (int i = 0; i < 1000; i++) {
            KafkaReceiver<String, String> receiver = receiver("race-" + i);
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicReference<Disposable> subscription = new AtomicReference<>();
            Thread subscriber = Thread.ofPlatform().start(() -> {
                await(start);
                subscription.set(receiver.receive().subscribe(r -> { }, e -> { }));
            });
            await(start);
            receiver.close();
            subscriber.join();

            if (receiver.status().running() || consumers.stream().anyMatch(c -> !c.closed())) {
                leaked++;
            }
            subscription.get().dispose(); // stops a leaked loop, so that the next round starts clean
            assertThat(waitUntilAllClosed()).as("consumers closed after dispose").isTrue();
            consumers.clear();
        }
        assertThat(leaked).as("rounds where a consumer ran after close() returned").isZero();
    }

    private boolean waitUntilAllClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumers.stream().anyMatch(c -> !c.closed())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
