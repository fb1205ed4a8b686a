package io.streamgrad.serving;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.metrics.ServingMetrics;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.TrainerListener;
import io.streamgrad.tensor.Device;

import java.net.URI;
import java.util.List;

/**
 * The status page and prediction service beside a trainer in the same process ({@code streamgrad demo}):
 * {@link #listener()} feeds the {@link StatusFeed} every step (so the loss curve has each step, not only
 * the published ones) and serves each committed model, so {@code POST /predict} answers with what the
 * trainer last committed. The serving meters go to the registry given, beside the trainer's.
 *
 * <p>{@link #close()} stops the server. The listener follows {@link TrainerListener}'s rules: it runs on the
 * trainer thread, returns quickly and never throws.
 */
public final class TrainerStatusPage implements AutoCloseable {
    private final StatusFeed status;
    private final ModelHolder models;
    private final PredictionServer server;

    private TrainerStatusPage(StatusFeed status, ModelHolder models, PredictionServer server) {
        this.status = status;
        this.models = models;
        this.server = server;
    }

    /**
     * Starts serving on {@code serving.host}/{@code serving.port} of {@code config}. When it fails, the serving
     * meters it had registered are removed again, so that starting once more on the same registry (on another
     * port) gives meters that follow the new page.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound, naming the key to change
     */
    public static TrainerStatusPage start(ConfigTree config, MeterRegistry registry) {
        ServingConfig serving = ServingConfig.from(config);
        ServingMetrics metrics = new ServingMetrics(registry, serving.modelId(), Device.cpu().toString());
        try {
            StatusFeed status = new StatusFeed(serving.modelId(), serving.statusHistory());
            ModelHolder models = new ModelHolder(ModelSpec.from(config), serving.modelId(),
                    update -> metrics.modelVersion(update.version()));
            return new TrainerStatusPage(status, models, PredictionServer.start(serving, models, status, metrics));
        } catch (RuntimeException | Error e) {
            metrics.remove();
            throw e;
        }
    }

    /** The trainer's listener that keeps the page and the served model current. */
    public TrainerListener listener() {
        return TrainerListener.all(status.trainerListener(), new TrainerListener() {
            @Override
            public void onCommitted(List<Output.ModelPublication> publications, long latencyNanos) {
                // Our own trainer's states, of the configured spec: update() cannot refuse them.
                publications.forEach(p -> models.update(p.state()));
            }
        });
    }

    /** The feed behind the page, which {@link #listener()} keeps current. */
    public StatusFeed status() {
        return status;
    }

    /** The page's URL, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        server.close();
    }
}
