package io.streamgrad.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Micrometer's own binders for what runs around the training: the JVM (memory, GC, threads, class
 * loading, CPU) and Kafka clients (fetch and send rates, records lag, request latencies ...).
 *
 * <p>Kafka's meters carry Kafka's own tags (client id, topic, partition, node) and the tags given here;
 * client configuration, where SASL credentials live, is never read, so no secret can become a tag.
 */
public final class Binders {
    private Binders() {
    }

    /** Binds the JVM meters ({@code jvm_*}, {@code process_cpu_*}, {@code system_cpu_*}) to {@code registry}. */
    public static MeterBinding bindJvm(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        // The GC binder listens to GC notifications until closed: the only one that holds a resource.
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc::close;
    }

    /**
     * Binds a consumer's Kafka metrics ({@code kafka_consumer_*}); close the binding before closing the
     * consumer (it reads the consumer's metrics on a refresh thread).
     */
    public static MeterBinding bindKafka(Consumer<?, ?> consumer, MeterRegistry registry, Iterable<Tag> tags) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, tags);
        metrics.bindTo(registry);
        return metrics::close;
    }

    /** Binds a producer's Kafka metrics ({@code kafka_producer_*}); close the binding before the producer. */
    public static MeterBinding bindKafka(Producer<?, ?> producer, MeterRegistry registry, Iterable<Tag> tags) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer, tags);
        metrics.bindTo(registry);
        return metrics::close;
    }
}
