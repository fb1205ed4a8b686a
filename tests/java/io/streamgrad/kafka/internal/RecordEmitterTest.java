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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void recordsBufferedAfterACancelAreDiscardedWhenThePollThreadEnds() {
        List<Long> discarded = new CopyOnWriteArrayList<>();
        StepVerifier.create(flux().doOnDiscard(ReceiverRecord.class, r -> discarded.add(r.offset())), 1)
                .then(() -> add(0, 1))
                .expectNextMatches(r -> r.offset() == 0)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        io.streamgrad.testing.Await.until(Duration.ofSeconds(5), "the cancelled drain loop discarded record 1",
                () -> discarded.contains(1L), discarded::toString);

        add(2, 3); // the poll thread's last poll, which ended after the cancel
        emitter.complete();

        assertThat(discarded).containsExactly(1L, 2L, 3L);
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

    @Test
    void inBatchModeEachRequestedElementIsOneListOfWhatIsBuffered_upToTheBound() {
        List<String> threads = new CopyOnWriteArrayList<>();
        StepVerifier.create(batches(3).doOnNext(l -> threads.add(Thread.currentThread().getName())), 0)
                .then(() -> add(0, 1, 2, 3, 4, 5, 6))
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(1)
                .assertNext(list -> assertThat(offsets(list)).containsExactly(0L, 1L, 2L))
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(2)
                .assertNext(list -> assertThat(offsets(list)).containsExactly(3L, 4L, 5L))
                .assertNext(list -> assertThat(offsets(list)).as("what is left, not waiting for more").containsExactly(6L))
                .thenRequest(1)
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> add(7, 8))
                .assertNext(list -> assertThat(offsets(list)).as("records added after the demand").containsExactly(7L, 8L))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(threads).containsOnly("test-emit");
        assertThat(emitter.recordsPerElement()).isEqualTo(3);
        assertThat(emitter.emitted()).as("records, not lists").isEqualTo(9);
        assertThat(demandSignals.get()).isEqualTo(3);
        assertThat(cancels.get()).isEqualTo(1);
    }

    @Test
    void inSingleModeAnElementWeighsOneRecord() {
        StepVerifier.create(flux(), 0).thenCancel().verify(Duration.ofSeconds(5));
        assertThat(emitter.recordsPerElement()).isOne();
    }

    @Test
    void inBatchModeTheListsCannotBeChangedByTheSubscriber() {
        StepVerifier.create(batches(10), 1)
                .then(() -> add(0, 1))
                .assertNext(list -> assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void inBatchModeOnCompletionListsGoOutAsFarAsDemandGoes_theRestIsDiscardedRecordByRecord() {
        List<Object> discarded = new CopyOnWriteArrayList<>();
        StepVerifier.create(batches(2).doOnDiscard(Object.class, discarded::add), 1)
                .then(() -> {
                    add(0, 1, 2, 3, 4);
                    emitter.complete();
                })
                .assertNext(list -> assertThat(offsets(list)).containsExactly(0L, 1L))
                .verifyComplete();
        assertThat(discarded).hasSize(3).allSatisfy(d -> assertThat(d).isInstanceOf(ReceiverRecord.class));
        assertThat(buffer.size()).isZero();
    }

    @Test
    void inBatchModeAnErrorIsSignalledWithoutWaitingForMoreDemand() {
        StepVerifier.create(batches(5), 0)
                .then(() -> {
                    add(0);
                    emitter.error(new IllegalStateException("consumer failed"));
                })
                .expectErrorMessage("consumer failed")
                .verify(Duration.ofSeconds(5));
    }

    private Flux<List<ReceiverRecord<String, String>>> batches(int maxRecords) {
        return new Flux<>() {
            @Override
            public void subscribe(CoreSubscriber<? super List<ReceiverRecord<String, String>>> actual) {
                emitter = new RecordEmitter<>(Downstream.batches(actual, maxRecords), buffer, "test-emit",
                        demandSignals::incrementAndGet, cancels::incrementAndGet);
                emitter.subscribe();
            }
        };
    }

    private static List<Long> offsets(List<ReceiverRecord<String, String>> records) {
        return records.stream().map(ReceiverRecord::offset).toList();
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
