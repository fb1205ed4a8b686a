package io.streamgrad.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The prediction service's meters, tagged {@code model} and {@code device} like the trainer's:
 * {@code streamgrad.serving.requests} (a timer tagged {@code route} and {@code status}),
 * {@code streamgrad.serving.predictions} (rows predicted) and {@code streamgrad.serving.model.version}.
 *
 * <p>{@code route} is the matched route ({@code /predict}, ...) or {@code unmatched}, never the raw path,
 * so that a scanner probing random URLs cannot grow the number of series. Thread-safe.
 */
public final class ServingMetrics {
    /** The route tag of requests to paths no route serves. */
    public static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();
    private final Counter predictions;
    private final Gauge versionGauge;
    private final AtomicLong version = new AtomicLong();

    /** @param device where predictions run ({@code cpu}) */
    public ServingMetrics(MeterRegistry registry, String modelId, String device) {
        this.registry = registry;
        this.tags = Tags.of("model", modelId, "device", device);
        predictions = Counter.builder("streamgrad.serving.predictions").description("Rows predicted")
                .tags(tags).register(registry);
        versionGauge = Gauge.builder("streamgrad.serving.model.version", version, AtomicLong::get)
                .description("Version of the model being served (0 before the first update)").tags(tags)
                .strongReference(true).register(registry);
    }

    /** Times one request to {@code route} that was answered with {@code status}. */
    public void recordRequest(String route, int status, long nanos) {
        requests.computeIfAbsent(route + " " + status, key -> Timer.builder("streamgrad.serving.requests")
                .description("HTTP requests to the prediction service").tags(tags).tag("route", route)
                .tag("status", Integer.toString(status)).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts {@code rows} predicted by one request. */
    public void recordPredictions(int rows) {
        predictions.increment(rows);
    }

    /** The version now served. */
    public void modelVersion(long served) {
        version.set(served);
    }

    /**
     * Removes these meters from the registry, e.g. when the server they were made for could not start. A
     * registry keeps the first gauge registered under a name and tags, so without this a later
     * {@code ServingMetrics} for the same model on the same registry would set a version no scrape shows.
     */
    public void remove() {
        registry.remove(predictions);
        registry.remove(versionGauge);
        requests.values().forEach(registry::remove);
        requests.clear();
    }
}
