package io.streamgrad.serving;

import io.streamgrad.kafka.KafkaClientConfig;
import io.streamgrad.kafka.KafkaReceiver;
import io.streamgrad.kafka.ReceiverOptions;
import io.streamgrad.kafka.ReceiverRecord;
import io.streamgrad.kafka.SecretResolver;
import io.streamgrad.pipeline.ModelTopicStore;
import io.streamgrad.pipeline.TrainingStateCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Model updates as a {@link Flux}, for services that use the published models. On subscribe it first
 * emits the newest committed state of every model (read with {@code read_committed} up to the end of the
 * compacted model topic), then follows the topic. Per model, versions are strictly increasing: an update
 * not newer than the last one emitted is dropped. Malformed messages are logged, counted
 * ({@link #malformed()}) and skipped; they never end the Flux.
 *
 * <p>Threading and backpressure are those of {@link KafkaReceiver}: updates are emitted on the receiver's
 * emit thread as demand allows. Cancelling the subscription closes the consumer.
 */
public final class ModelSubscriber {
    private static final Logger log = LoggerFactory.getLogger(ModelSubscriber.class);

    private final KafkaClientConfig client;
    private final SecretResolver secrets;
    private final String topic;
    private final AtomicLong malformed = new AtomicLong();

    /**
     * A subscriber to the model topic {@code topic} on the cluster {@code client} describes. Secret references
     * in the client properties are resolved by {@code secrets} at each subscription; nothing connects before.
     */
    public ModelSubscriber(KafkaClientConfig client, SecretResolver secrets, String topic) {
        this.client = client;
        this.secrets = secrets;
        this.topic = topic;
    }

    /** Updates of every model on the topic. */
    public Flux<PublishedModel> updates() {
        return Flux.defer(() -> {
            ModelTopicStore store = new ModelTopicStore(client.resolve(secrets), topic).refresh();
            Map<String, Long> lastVersion = new ConcurrentHashMap<>();
            Flux<PublishedModel> snapshot = Flux.fromIterable(store.modelIds())
                    .flatMapIterable(id -> store.latest(id).map(b -> java.util.List.of(b)).orElse(java.util.List.of()))
                    .concatMap(bytes -> reactor.core.publisher.Mono.justOrEmpty(parse(bytes, "snapshot")));
            KafkaReceiver<byte[], byte[]> receiver = KafkaReceiver.create(ReceiverOptions.builder(
                            client.with(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                                    .with(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                            new ByteArrayDeserializer(), new ByteArrayDeserializer())
                    .assignment(store.partitions()).secretResolver(secrets).build());
            Flux<PublishedModel> live = receiver.receive()
                    .concatMap(r -> reactor.core.publisher.Mono.justOrEmpty(parse(r.value(), where(r))))
                    .doFinally(signal -> receiver.close());
            return snapshot.concatWith(live).filter(m -> newer(lastVersion, m));
        });
    }

    /** Updates of one model. */
    public Flux<PublishedModel> updates(String modelId) {
        return updates().filter(m -> modelId.equals(m.update().modelId()));
    }

    /** How many malformed messages were skipped. */
    public long malformed() {
        return malformed.get();
    }

    private static boolean newer(Map<String, Long> lastVersion, PublishedModel m) {
        long version = m.update().version();
        Long previous = lastVersion.get(m.update().modelId());
        if (previous != null && version <= previous) {
            return false;
        }
        lastVersion.put(m.update().modelId(), version);
        return true;
    }

    private java.util.Optional<PublishedModel> parse(byte[] bytes, String where) {
        try {
            return java.util.Optional.of(new PublishedModel(TrainingStateCodec.describe(bytes), bytes));
        } catch (RuntimeException e) {
            malformed.incrementAndGet();
            log.warn("skipping a malformed model update ({}): {}", where, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private static String where(ReceiverRecord<byte[], byte[]> r) {
        String key = r.key() == null ? "null" : new String(r.key(), StandardCharsets.UTF_8);
        return r.topic() + "-" + r.partition() + "@" + r.offset() + " key " + key;
    }
}
