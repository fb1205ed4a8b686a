package io.streamgrad.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static io.streamgrad.kafka.TestClients.receiverOptions;
import static io.streamgrad.kafka.TestClients.senderOptions;
import static io.streamgrad.kafka.TestNames.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The receiver and senders against a real broker. Concrete subclasses choose the broker (embedded or
 * Testcontainers), so the same scenarios prove the bridge on both.
 */
abstract class ReceiverSenderScenarios {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The broker of this test class. */
    protected abstract KafkaCluster cluster();

    @Test
    void withoutDemandAllPartitionsArePausedWhilePollingGoesOn_thenExactlyTheRequestedRecordsArrive() {
        String topic = unique("demand");
        cluster().createTopic(topic, 2, false);
        TestClients.produce(cluster(), 20, i -> new ProducerRecord<>(topic, i % 2, null, "v" + i));
        KafkaClientConfig config = TestClients.consumerConfig(cluster(), unique("g")).with("max.poll.records", "5");

        try (KafkaReceiver<String, String> receiver = KafkaReceiver.create(receiverOptions(config, topic).bufferCapacity(10).build())) {
            StepVerifier.create(receiver.receive(), 0)
                    .expectSubscription()
                    .then(() -> awaitPausedWhilePolling(receiver, 2))
                    .expectNoEvent(Duration.ofMillis(300))
                    .then(() -> assertThat(receiver.status().maxBufferedRecords()).as("records fetched without demand").isZero())
                    .thenRequest(3)
                    .expectNextCount(3)
                    .expectNoEvent(Duration.ofMillis(300))
                    .then(() -> {
                        awaitPausedWhilePolling(receiver, 2);
                        assertThat(receiver.status().bufferedRecords()).isLessThanOrEqualTo(10);
                    })
                    .thenRequest(17)
                    .expectNextCount(17)
                    .expectNoEvent(Duration.ofMillis(200))
                    .thenCancel()
                    .verify(TIMEOUT);
            assertThat(receiver.status().emittedRecords()).isEqualTo(20);
        }
    }

    @Test
    void recordsPolledButNotYetDeliveredNeverExceedTheBufferCapacity() throws InterruptedException {
        int total = 50_000;
        int capacity = 200;
        String topic = unique("bounded");
        cluster().createTopic(topic, 3, false);
        TestClients.produce(cluster(), total, i -> new ProducerRecord<>(topic, i % 3, null, Integer.toString(i)));
        KafkaClientConfig config = TestClients.consumerConfig(cluster(), unique("g")).with("max.poll.records", "100");

        Set<String> values = ConcurrentHashMap.newKeySet();
        Map<Integer, Long> lastOffset = new ConcurrentHashMap<>();
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger sampledMax = new AtomicInteger();
        AtomicBoolean sawAllPaused = new AtomicBoolean();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (KafkaReceiver<String, String> receiver = KafkaReceiver.create(receiverOptions(config, topic).bufferCapacity(capacity).build())) {
            sampler.scheduleAtFixedRate(() -> {
                ReceiverStatus s = receiver.status();
                sampledMax.accumulateAndGet(s.bufferedRecords(), Math::max);
                sawAllPaused.compareAndSet(false, s.allPaused());
            }, 0, 1, TimeUnit.MILLISECONDS);

            receiver.receive()
                    .limitRate(100)
                    .doOnNext(r -> slowDown(delivered.incrementAndGet()))
                    .doOnNext(r -> {
                        Long previous = lastOffset.put(r.partition(), r.offset());
                        assertThat(previous == null || previous < r.offset()).as("order within partition %d", r.partition()).isTrue();
                        values.add(r.value());
                    })
                    .take(total)
                    .blockLast(Duration.ofSeconds(90));

            assertThat(values).hasSize(total);
            assertThat(receiver.status().maxBufferedRecords()).as("high-water mark of buffered records").isBetween(1, capacity);
            assertThat(sampledMax.get()).isLessThanOrEqualTo(capacity);
            assertThat(sawAllPaused.get()).as("the slow subscriber made the receiver pause").isTrue();
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void inBatchModeDemandCountsLists_eachAtMostOnePollOfRecords_andPartitionsPauseOnceItIsMet() {
        String topic = unique("batch-demand");
        cluster().createTopic(topic, 2, false);
        TestClients.produce(cluster(), 20, i -> new ProducerRecord<>(topic, i % 2, null, "v" + i));
        KafkaClientConfig config = TestClients.consumerConfig(cluster(), unique("g")).with("max.poll.records", "5");
        List<ReceiverRecord<String, String>> received = new CopyOnWriteArrayList<>();

        try (KafkaReceiver<String, String> receiver = KafkaReceiver.create(receiverOptions(config, topic).bufferCapacity(10).build())) {
            StepVerifier.create(receiver.receiveBatches().doOnNext(received::addAll), 0)
                    .expectSubscription()
                    .then(() -> awaitPausedWhilePolling(receiver, 2))
                    .expectNoEvent(Duration.ofMillis(300))
                    .then(() -> assertThat(receiver.status().maxBufferedRecords()).as("records fetched without demand").isZero())
                    .thenRequest(1)
                    .assertNext(batch -> assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(5))
                    .expectNoEvent(Duration.ofMillis(300))
                    .then(() -> {
                        awaitPausedWhilePolling(receiver, 2);
                        assertThat(receiver.status().bufferedRecords()).isLessThanOrEqualTo(10);
                    })
                    .thenRequest(100)
                    .thenConsumeWhile(batch -> received.size() < 20,
                            batch -> assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(5))
                    .assertNext(last -> assertThat(received).hasSize(20))
                    .expectNoEvent(Duration.ofMillis(200))
                    .thenCancel()
                    .verify(TIMEOUT);
            assertThat(received).extracting(ReceiverRecord::value)
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).mapToObj(i -> "v" + i).toList());
            assertThat(receiver.status().emittedRecords()).as("records, not lists").isEqualTo(20);
            assertThat(receiver.status().maxBufferedRecords()).isBetween(1, 10);
        }
    }

    @Test
    void inBatchModeEveryRecordArrivesOnceInOffsetOrder_inBoundedLists_andAcknowledgedOnesAreCommitted() throws Exception {
        int total = 30_000;
        int maxPollRecords = 500;
        int capacity = 1000;
        String topic = unique("batches");
        cluster().createTopic(topic, 3, false);
        TestClients.produce(cluster(), total, i -> new ProducerRecord<>(topic, i % 3, null, Integer.toString(i)));
        String group = unique("g");
        KafkaClientConfig config = TestClients.consumerConfig(cluster(), group)
                .with("max.poll.records", Integer.toString(maxPollRecords));

        Map<Integer, Long> lastOffset = new ConcurrentHashMap<>();
        Set<String> values = ConcurrentHashMap.newKeySet();
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger lists = new AtomicInteger();
        AtomicInteger largestList = new AtomicInteger();
        try (KafkaReceiver<String, String> receiver = KafkaReceiver.create(receiverOptions(config, topic)
                .bufferCapacity(capacity).commitInterval(Duration.ZERO).build())) {
            receiver.receiveBatches()
                    .limitRate(2)
                    .doOnNext(batch -> {
                        assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(maxPollRecords);
                        largestList.accumulateAndGet(batch.size(), Math::max);
                        for (ReceiverRecord<String, String> r : batch) {
                            Long previous = lastOffset.put(r.partition(), r.offset());
                            assertThat(r.offset()).as("offset after %s in partition %d", previous, r.partition())
                                    .isEqualTo(previous == null ? 0 : previous + 1);
                            values.add(r.value());
                            r.acknowledge();
                        }
                        delivered.addAndGet(batch.size());
                        lists.incrementAndGet();
                        io.streamgrad.testing.Await.sleep(Duration.ofMillis(1)); // slower than the poll thread
                    })
                    .takeUntil(batch -> delivered.get() >= total)
                    .blockLast(Duration.ofSeconds(90));

            assertThat(values).hasSize(total);
            assertThat(delivered.get()).as("no record twice").isEqualTo(total);
            assertThat(largestList.get()).as("records of a whole poll in one list").isEqualTo(maxPollRecords);
            assertThat(lists.get()).as("lists").isLessThan(total / 10);
            assertThat(receiver.status().maxBufferedRecords()).isBetween(1, capacity);
            assertThat(receiver.status().emittedRecords()).isEqualTo(total);
            Await.until("the cancelled subscription has committed and closed", TIMEOUT,
                    () -> !receiver.status().running(), receiver::status);
        }
        try (Admin admin = Admin.create(cluster().clientConfig().resolve(SecretResolver.withEnvironment(Map.of())))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            for (int partition = 0; partition < 3; partition++) {
                assertThat(committed.get(new TopicPartition(topic, partition)).offset()).isEqualTo(total / 3);
            }
        }
    }

    @Test
    void cancellingBatchesCommitsTheirAcknowledgements_andTheNextSubscriptionOfEitherKindResumesThere() {
        String topic = unique("batch-cancel");
        cluster().createTopic(topic, 1, false);
        TestClients.produce(cluster(), topic, IntStream.range(0, 10).mapToObj(i -> "r" + i).toList());
        KafkaClientConfig config = TestClients.consumerConfig(cluster(), unique("g")).with("max.poll.records", "4");
        List<ReceiverRecord<String, String>> first = new CopyOnWriteArrayList<>();

        try (KafkaReceiver<String, String> receiver = KafkaReceiver.create(receiverOptions(config, topic)
                .commitInterval(Duration.ZERO).build())) {
            StepVerifier.create(receiver.receiveBatches(), 1)
                    .assertNext(batch -> {
                        assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(4);
                        batch.forEach(ReceiverRecord::acknowledge);
                        first.addAll(batch);
                    })
                    .thenCancel()
                    .verify(TIMEOUT);
            assertThat(first).extracting(ReceiverRecord::offset).first().isEqualTo(0L);
            Await.until("the cancelled subscription has committed and closed", TIMEOUT,
                    () -> !receiver.status().running(), receiver::status);

            List<ReceiverRecord<String, String>> next = receiveInto(receiver, 1);
            assertThat(next.getFirst().offset()).as("first offset after the acknowledged list").isEqualTo(first.size());
        }
    }

    @Test
    void withoutAcknowledgementsRecordsArriveAsUsual_butAcknowledgingThemIsRefusedWithTheReason() {
        String topic = unique("no-acks");
        cluster().createTopic(topic, 1, false);
        TestClients.produce(cluster(), 30, i -> new ProducerRecord<>(topic, 0, null, "v" + i));
        KafkaClientConfig config = TestClients.consumerConfig(cluster(), unique("g")).with("max.poll.records", "10");
        List<ReceiverRecord<String, String>> received = new ArrayList<>();

        try (KafkaReceiver<String, String> receiver = KafkaReceiver.create(receiverOptions(config, topic)
                .bufferCapacity(20).acknowledgements(false).build())) {
            receiver.receiveBatches().doOnNext(received::addAll).takeUntil(l -> received.size() >= 30)
                    .blockLast(TIMEOUT);
        }

        assertThat(received).extracting(ReceiverRecord::value)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(i -> "v" + i).toList());
        assertThatThrownBy(() -> received.get(0).acknowledge()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("acknowledgements(false)").hasMessageContaining("Transaction.sendOffsets");
    }

    @Test
    void aSecondConcurrentSubscriberOfEitherKindIsRefused_whileBatchesAreSubscribed_andCloseCompletesTheBatches() {
        String topic = unique("batch-close");
        cluster().createTopic(topic, 1, false);
        KafkaReceiver<String, String> receiver = receiver(unique("g"), topic);

        StepVerifier.create(receiver.receiveBatches())
                .then(() -> Await.until("the receiver is assigned its partition", TIMEOUT,
                        () -> !receiver.status().assignment().isEmpty(), receiver::status))
                .then(() -> expectRefusedAsASecondSubscriber(receiver.receive()))
                .then(() -> expectRefusedAsASecondSubscriber(receiver.receiveBatches()))
                .then(receiver::close)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(receiver.status().running()).isFalse();
        StepVerifier.create(receiver.receiveBatches()).expectError(IllegalStateException.class).verify(TIMEOUT);
    }

    @Test
    void aRestartedConsumerResumesAtTheFirstUnacknowledgedRecord() {
        String topic = unique("acks");
        cluster().createTopic(topic, 1, false);
        TestClients.produce(cluster(), topic, IntStream.range(0, 10).mapToObj(i -> "r" + i).toList());
        TopicPartition partition = new TopicPartition(topic, 0);
        String group = unique("g");

        try (KafkaReceiver<String, String> first = receiver(group, topic)) {
            List<ReceiverRecord<String, String>> got = receiveInto(first, 10);
            for (int offset : new int[] {4, 6, 5, 2, 0, 1, 8}) { // out of order; 3 and 7 never
                got.get(offset).acknowledge();
            }
            assertThat(first.commit().block(TIMEOUT)).containsEntry(partition, new OffsetAndMetadata(3));
        }
        try (KafkaReceiver<String, String> second = receiver(group, topic)) {
            List<ReceiverRecord<String, String>> got = receiveInto(second, 7);
            assertThat(got.getFirst().offset()).as("first offset after restart").isEqualTo(3);
            got.get(1).acknowledge(); // offset 4 before 3: not committable yet
            got.get(0).acknowledge();
        } // close commits what was acknowledged: offset 5
        try (KafkaReceiver<String, String> third = receiver(group, topic)) {
            assertThat(receiveInto(third, 5).getFirst().offset()).isEqualTo(5);
        }
    }

    @Test
    void aSeekRereadsThePartitionFromTheGivenOffset() {
        String topic = unique("seek");
        cluster().createTopic(topic, 1, false);
        TestClients.produce(cluster(), topic, List.of("s0", "s1", "s2", "s3"));
        TopicPartition partition = new TopicPartition(topic, 0);

        try (KafkaReceiver<String, String> receiver = receiver(unique("g"), topic)) {
            List<ReceiverRecord<String, String>> got = receiveInto(receiver, 4);
            receiver.seek(Map.of(partition, 2L)).block(TIMEOUT);
            Await.until("records 2 and 3 arrive again", TIMEOUT, () -> got.size() >= 6, got::size);
            assertThat(got).extracting(ReceiverRecord::value).containsExactly("s0", "s1", "s2", "s3", "s2", "s3");
            assertThat(receiver.withConsumer(c -> c.position(partition)).block(TIMEOUT)).isEqualTo(4);
        }
    }

    @Test
    void revokedPartitionsCommitTheirAcknowledgedOffsetsOnThePollThreadBeforeTheNewOwnerReads() {
        String topic = unique("rebalance");
        cluster().createTopic(topic, 2, false);
        TestClients.produce(cluster(), 20, i -> new ProducerRecord<>(topic, i % 2, null, "v" + i));
        String group = unique("g");
        List<String> revokedOn = new CopyOnWriteArrayList<>();
        RebalanceListener recordThread = new RebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    revokedOn.add(Thread.currentThread().getName());
                }
            }
        };

        try (KafkaReceiver<String, String> first = KafkaReceiver.create(receiverOptions(cluster(), group, topic)
                .rebalanceListener(recordThread).commitInterval(Duration.ZERO).build())) {
            List<ReceiverRecord<String, String>> got = receiveInto(first, 20);
            got.stream().filter(r -> r.offset() < 8).forEach(ReceiverRecord::acknowledge);
            try (KafkaReceiver<String, String> second = receiver(group, topic)) {
                List<ReceiverRecord<String, String>> taken = receiveInto(second, 2);
                assertThat(taken).extracting(ReceiverRecord::offset).containsExactly(8L, 9L);
                assertThat(second.status().assignment()).hasSize(1);
            }
            assertThat(revokedOn).isNotEmpty().allSatisfy(thread ->
                    assertThat(thread).startsWith("kafka-receiver-" + first.options().clientId()).endsWith("-poll"));
        }
    }

    @Test
    void consumeTransformProduceCommitsRecordsAndOffsetsInOneTransaction_anAbortedOneStaysInvisible() throws Exception {
        String input = unique("tx-in");
        String output = unique("tx-out");
        cluster().createTopic(input, 1, false);
        cluster().createTopic(output, 1, false);
        TestClients.produce(cluster(), input, List.of("a", "b", "c", "d", "e"));
        String group = unique("g");

        try (KafkaReceiver<String, String> receiver = receiver(group, input);
             TransactionalSender<String, String> sender = transactionalSender(unique("tx"))) {
            Integer processed = receiver.receive()
                    .buffer(5)
                    .concatMap(batch -> sender.inTransaction(tx -> {
                        batch.forEach(r -> tx.send(new ProducerRecord<>(output, r.key(), r.value().toUpperCase())));
                        tx.sendOffsets(ReceiverRecord.nextOffsets(batch), receiver.groupMetadata());
                        return batch.size();
                    }))
                    .blockFirst(TIMEOUT);
            assertThat(processed).isEqualTo(5);

            StepVerifier.create(sender.inTransaction(tx -> {
                        tx.send(new ProducerRecord<>(output, "x", "ABORTED")).join(); // written to the log, then aborted
                        throw new IllegalStateException("the model diverged");
                    }))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TransactionAbortedException.class)
                            .hasCauseInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("the model diverged").hasMessageContaining("retried"))
                    .verify(TIMEOUT);
        }

        assertThat(TestClients.readAll(cluster(), output, "read_committed")).containsExactly("A", "B", "C", "D", "E");
        assertThat(TestClients.readAll(cluster(), output, "read_uncommitted")).contains("ABORTED");
        try (Admin admin = Admin.create(cluster().clientConfig().resolve(SecretResolver.withEnvironment(Map.of())))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed.get(new TopicPartition(input, 0)).offset()).isEqualTo(5);
        }
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst() {
        String topic = unique("fence");
        cluster().createTopic(topic, 1, false);
        String transactionalId = unique("tx");

        try (TransactionalSender<String, String> first = transactionalSender(transactionalId)) {
            first.inTransaction(tx -> tx.send(new ProducerRecord<>(topic, "first"))).block(TIMEOUT);
            try (TransactionalSender<String, String> second = transactionalSender(transactionalId)) {
                second.initTransactions().block(TIMEOUT);

                StepVerifier.create(first.inTransaction(tx -> tx.send(new ProducerRecord<>(topic, "zombie"))))
                        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SenderFencedException.class)
                                .hasMessageContaining("fenced").hasMessageContaining(transactionalId))
                        .verify(TIMEOUT);
                StepVerifier.create(first.inTransaction(tx -> 1))
                        .expectError(SenderFatalException.class)
                        .verify(TIMEOUT);
                second.inTransaction(tx -> tx.send(new ProducerRecord<>(topic, "second"))).block(TIMEOUT);
            }
        }
        assertThat(TestClients.readAll(cluster(), topic, "read_committed")).containsExactly("first", "second");
    }

    @Test
    void cancellingATransactionThatIsRunningLetsItCommit_andTheSenderStaysUsable() throws Exception {
        String topic = unique("tx-cancel");
        cluster().createTopic(topic, 1, false);
        CountDownLatch inBody = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicBoolean bodyInterrupted = new AtomicBoolean();

        try (TransactionalSender<String, String> sender = transactionalSender(unique("tx"))) {
            Disposable running = sender.inTransaction(tx -> {
                tx.send(new ProducerRecord<>(topic, "kept"));
                inBody.countDown();
                // Waits as a blocking call does: an interrupt is remembered and the flag restored for what follows.
                boolean interrupted = false;
                while (true) {
                    try {
                        cancelled.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    bodyInterrupted.set(true);
                    Thread.currentThread().interrupt();
                }
                return 1;
            }).subscribe();
            assertThat(inBody.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            running.dispose();
            cancelled.countDown();

            assertThat(sender.inTransaction(tx -> tx.send(new ProducerRecord<>(topic, "after"))).block(TIMEOUT))
                    .isNotNull();
            assertThat(bodyInterrupted.get()).as("the cancel interrupted the transaction thread").isFalse();
        }
        assertThat(TestClients.readAll(cluster(), topic, "read_committed")).containsExactly("kept", "after");
    }

    @Test
    void aStreamedSendReportsEveryRecordAndKeepsInFlightBounded() {
        String topic = unique("send");
        cluster().createTopic(topic, 2, false);
        int maxInFlight = 8;
        AtomicLong emitted = new AtomicLong();
        AtomicLong reported = new AtomicLong();
        AtomicLong maxOutstanding = new AtomicLong();
        Flux<SenderRecord<String, String, Integer>> records = Flux.range(0, 1000)
                .map(i -> SenderRecord.of(new ProducerRecord<>(topic, "k" + i, i == 500 ? "x".repeat(20_000) : "v" + i), i))
                .doOnNext(r -> maxOutstanding.accumulateAndGet(emitted.incrementAndGet() - reported.get(), Math::max));

        KafkaClientConfig config = cluster().clientConfig().with("max.request.size", "10000");
        try (KafkaSender<String, String> sender = KafkaSender.create(senderOptions(config).maxInFlight(maxInFlight).build())) {
            List<SendResult<Integer>> results = sender.send(records).doOnNext(r -> reported.incrementAndGet())
                    .collectList().block(TIMEOUT);

            assertThat(results).hasSize(1000);
            assertThat(results).extracting(SendResult::correlationMetadata).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 1000).boxed().toList());
            assertThat(results).filteredOn(SendResult::failed).singleElement().satisfies(failed -> {
                assertThat(failed.correlationMetadata()).isEqualTo(500);
                assertThat(failed.exception()).isInstanceOf(RecordTooLargeException.class);
            });
            assertThat(maxOutstanding.get()).as("records requested but not reported").isLessThanOrEqualTo(3L * maxInFlight);
            assertThat(sender.send(new ProducerRecord<>(topic, "single")).block(TIMEOUT).offset()).isNotNegative();
        }
        assertThat(TestClients.readAll(cluster(), topic, "read_committed")).hasSize(1000);
    }

    /** A second subscriber while another is subscribed fails at once, saying so. */
    private static void expectRefusedAsASecondSubscriber(reactor.core.publisher.Flux<?> flux) {
        StepVerifier.create(flux)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already has a subscriber"))
                .verify(TIMEOUT);
    }

    @Test
    void closeCompletesTheFlux_andASecondConcurrentSubscriberIsRefused() {
        String topic = unique("close");
        cluster().createTopic(topic, 1, false);
        KafkaReceiver<String, String> receiver = receiver(unique("g"), topic);

        StepVerifier.create(receiver.receive())
                .then(() -> Await.until("the receiver is assigned its partition", TIMEOUT,
                        () -> !receiver.status().assignment().isEmpty(), receiver::status))
                .then(() -> expectRefusedAsASecondSubscriber(receiver.receive()))
                .then(receiver::close)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(receiver.status().running()).isFalse();
        StepVerifier.create(receiver.receive()).expectError(IllegalStateException.class).verify(TIMEOUT);
    }

    @Test
    void aRecordThatCannotBeDeserializedFailsTheFluxWithAnExplainedError() {
        String topic = unique("poison");
        cluster().createTopic(topic, 1, false);
        TestClients.produce(cluster(), topic, List.of("ok", "poison", "never"));
        Deserializer<String> strict = (t, data) -> {
            String value = new String(data, StandardCharsets.UTF_8);
            if (value.equals("poison")) {
                throw new SerializationException("not a row: " + value);
            }
            return value;
        };
        ReceiverOptions<String, String> options = ReceiverOptions.builder(TestClients.consumerConfig(cluster(), unique("g")),
                new StringDeserializer(), strict).subscription(List.of(topic)).build();

        try (KafkaReceiver<String, String> receiver = KafkaReceiver.create(options)) {
            StepVerifier.create(receiver.receive().map(ReceiverRecord::value))
                    // Whether "ok" comes first depends on how Kafka splits the fetch; "never" must not come.
                    .thenConsumeWhile("ok"::equals)
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ReceiverException.class)
                            .hasCauseInstanceOf(RecordDeserializationException.class)
                            .hasMessageContaining(topic + "-0@1").hasMessageContaining("dead-letter"))
                    .verify(TIMEOUT);
        }
    }

    private KafkaReceiver<String, String> receiver(String group, String topic) {
        return KafkaReceiver.create(receiverOptions(cluster(), group, topic).commitInterval(Duration.ZERO).build());
    }

    private TransactionalSender<String, String> transactionalSender(String transactionalId) {
        return TransactionalSender.create(senderOptions(cluster().clientConfig().with("transactional.id", transactionalId)).build());
    }

    /** Subscribes and waits until at least {@code count} records arrived; the subscription stays open. */
    private static List<ReceiverRecord<String, String>> receiveInto(KafkaReceiver<String, String> receiver, int count) {
        List<ReceiverRecord<String, String>> got = new CopyOnWriteArrayList<>();
        receiver.receive().subscribe(got::add);
        Await.until(count + " records arrived", TIMEOUT, () -> got.size() >= count, () -> got.size() + " records, " + receiver.status());
        return got;
    }

    private static void awaitPausedWhilePolling(KafkaReceiver<?, ?> receiver, int partitions) {
        Await.until("all " + partitions + " partitions are paused", TIMEOUT,
                () -> receiver.status().allPaused() && receiver.status().assignment().size() == partitions, receiver::status);
        long polls = receiver.status().polls();
        Await.until("the receiver keeps polling while paused", TIMEOUT, () -> receiver.status().polls() >= polls + 3,
                receiver::status);
    }

    /** The deliberately slow subscriber: 1 ms every 100 records. */
    private static void slowDown(int delivered) {
        if (delivered % 100 == 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
