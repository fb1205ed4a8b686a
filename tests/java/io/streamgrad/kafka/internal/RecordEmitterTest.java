package io.streamgrad.kafka.internal;

import io.streamgrad.kafka.ReceiverRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The drain loop on its own, with a buffer filled by hand in place of the poll thread. */
class RecordEmitterTest {
    private final RecordBuffer<String, String> buffer = new RecordBuffer<>();
    private final AtomicInteger demandSignals = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private RecordEmitter<String, String> emitter;

    @Test
    void emitsExactlyWhatIsRequested_onTheEmitThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        StepVerifier.create(flux().doOnNext(r -> threads.add(Thread.currentThread().getName())), 0)
                .then(() -> add(0, 1, 2, 3, 4))
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(2)
                .expectNextMatches(r -> r.offset() == 0)
                .expectNextMatches(r -> r.offset() == 1)
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(3)
                .expectNextCount(3)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(threads).containsOnly("test-emit");
        assertThat(demandSignals.get()).isEqualTo(2);
        assertThat(cancels.get()).isEqualTo(1);
        assertThat(emitter.emitted()).isEqualTo(5);
    }

    @Test
    void onCompletionBufferedRecordsAreDeliveredAsFarAsDemandGoes_theRestDiscarded() {
        List<Object> discarded = new CopyOnWriteArrayList<>();
        StepVerifier.create(flux().doOnDiscard(ReceiverRecord.class, discarded::add), 2)
                .then(() -> {
                    add(0, 1, 2);
                    emitter.complete();
                })
                .expectNextCount(2)
                .verifyComplete();
        assertThat(discarded).hasSize(1);
        assertThat(buffer.size()).isZero();
    }

    @Test
    void anErrorIsSignalledWithoutWaitingForMoreDemand() {
        StepVerifier.create(flux(), 0)
                .then(() -> {
                    add(0);
                    emitter.error(new IllegalStateException("consumer failed"));
                })
                .expectErrorMessage("consumer failed")
                .verify(Duration.ofSeconds(5));
    }

    private Flux<ReceiverRecord<String, String>> flux() {
        return new Flux<>() {
            @Override
            public void subscribe(CoreSubscriber<? super ReceiverRecord<String, String>> actual) {
                emitter = new RecordEmitter<>(actual, buffer, "test-emit", demandSignals::incrementAndGet, cancels::incrementAndGet);
                actual.onSubscribe(emitter);
            }
        };
    }

    private void add(long... offsets) {
        List<ReceiverRecord<String, String>> records = new ArrayList<>();
        for (long offset : offsets) {
            records.add(ReceiverRecord.of(new ConsumerRecord<>("rows", 0, offset, "k", "v" + offset), () -> {
            }));
        }
        buffer.addAll(records);
        emitter.recordsAdded();
    }
}
