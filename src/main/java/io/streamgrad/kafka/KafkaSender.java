package io.streamgrad.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Objects;

/**
 * A reactive sender over one {@link KafkaProducer} (idempotent by Kafka's default), for records outside
 * transactions: metrics, dead letters. For transactions use {@link TransactionalSender}.
 *
 * <h2>Threading</h2>
 * A streamed {@link #send(Publisher)} calls {@code producer.send} on the sender's thread
 * {@code kafka-sender-<client.id>} and emits results there too, never on the producer's network thread
 * (which must not be blocked, and on which a nested send could deadlock). {@link #send(ProducerRecord)}
 * calls {@code producer.send} on the subscribing thread and emits on the sender's thread. Note that
 * {@code producer.send} itself blocks up to {@code max.block.ms} while it waits for topic metadata or for
 * room in {@code buffer.memory}. All methods may be called from any thread.
 *
 * <h2>Backpressure</h2>
 * A streamed send keeps at most {@link SenderOptions#maxInFlight()} records sent and not yet acknowledged,
 * requesting more from upstream as acknowledgements arrive, and results wait for downstream demand.
 *
 * <h2>Errors</h2>
 * {@link #send(ProducerRecord)} fails with Kafka's exception. A streamed send reports each record's outcome
 * in its {@link SendResult} and goes on. An upstream error is signalled at once; the results of records
 * still in flight are then not emitted, though those records may still be written.
 *
 * <h2>Cancellation and close</h2>
 * Cancelling stops requesting records; records already handed to the producer are still written.
 * {@link #close()} flushes buffered records (waiting up to {@code closeTimeout}) and closes the producer.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class KafkaSender<K, V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaSender.class);

    private final SenderOptions<K, V> options;
    private final Producer<K, V> producer;
    private final Scheduler scheduler;

    private KafkaSender(SenderOptions<K, V> options, Producer<K, V> producer) {
        this.options = options;
        this.producer = producer;
        this.scheduler = Schedulers.newSingle("kafka-sender-" + options.clientId(), true);
    }

    /**
     * Creates the producer now.
     *
     * @throws IllegalArgumentException when the config holds a {@code transactional.id}
     */
    public static <K, V> KafkaSender<K, V> create(SenderOptions<K, V> options) {
        Objects.requireNonNull(options, "options");
        if (options.transactionalId().isPresent()) {
            throw new IllegalArgumentException(options.describe() + " has a transactional.id: a transactional producer"
                    + " must begin and commit transactions, so use TransactionalSender.create(options) instead.");
        }
        KafkaProducer<K, V> producer = new KafkaProducer<>(options.producerProperties(), options.keySerializer(),
                options.valueSerializer());
        log.info("{} created with {}", options.describe(), options.config());
        return new KafkaSender<>(options, producer);
    }

    /** Sends one record when subscribed; emits where it was written or fails with Kafka's exception. */
    public Mono<RecordMetadata> send(ProducerRecord<K, V> record) {
        Objects.requireNonNull(record, "record");
        return sendOne(record).publishOn(scheduler);
    }

    /**
     * Sends every record of {@code records}, at most {@code maxInFlight} at a time, and emits one
     * {@link SendResult} per record in acknowledgement order (per partition that is send order).
     */
    public <T> Flux<SendResult<T>> send(Publisher<SenderRecord<K, V, T>> records) {
        int inFlight = options.maxInFlight();
        return Flux.from(records)
                .publishOn(scheduler, inFlight)
                .flatMap(this::sendAndReport, inFlight)
                .publishOn(scheduler, inFlight);
    }

    /** Waits (on a bounded-elastic thread) until every record handed to the producer is acknowledged. */
    public Mono<Void> flush() {
        return Mono.<Void>fromRunnable(producer::flush).subscribeOn(Schedulers.boundedElastic());
    }

    /** The options this sender was created with. */
    public SenderOptions<K, V> options() {
        return options;
    }

    /** Flushes and closes the producer (up to {@code closeTimeout}), then stops the sender's thread. */
    @Override
    public void close() {
        producer.close(options.closeTimeout());
        scheduler.dispose();
        log.info("{} closed", options.describe());
    }

    private <T> Mono<SendResult<T>> sendAndReport(SenderRecord<K, V, T> record) {
        return sendOne(record.record())
                .map(metadata -> new SendResult<>(metadata, null, record.correlationMetadata()))
                .onErrorResume(Exception.class, e -> Mono.just(new SendResult<>(null, e, record.correlationMetadata())));
    }

    private Mono<RecordMetadata> sendOne(ProducerRecord<K, V> record) {
        return Mono.create(sink -> producer.send(record, (metadata, error) -> {
            if (error == null) {
                sink.success(metadata);
            } else {
                sink.error(error);
            }
        }));
    }
}
