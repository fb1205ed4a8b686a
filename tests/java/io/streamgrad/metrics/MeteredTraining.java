package io.streamgrad.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.data.Dataset;
import io.streamgrad.data.Datasets;
import io.streamgrad.pipeline.CsvRowDecoder;
import io.streamgrad.pipeline.Decoded;
import io.streamgrad.pipeline.InputRow;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.StepOutcome;
import io.streamgrad.pipeline.TrainingState;
import io.streamgrad.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A registry in which every streamgrad meter was registered and updated, as a trainer and a prediction
 * service would: real training steps on the startups data (evaluated prequentially first), a rollback,
 * dead letters with the decoder's real reasons, a publication, a consumer lag, served requests, and the
 * JVM binders. The shared setup of the scrape, endpoint and dashboard tests.
 */
final class MeteredTraining implements AutoCloseable {
    static final String MODEL = "startups";
    static final String DEVICE = "cpu";
    static final int STEPS = 5;
    static final double LAG = 42;
    static final List<String> BAD_ROWS = List.of("1,2", "x,2,3,NY,4", "1,2,3,NY,NaN");

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final TrainingMetrics training = new TrainingMetrics(registry, MODEL, DEVICE, 1000);
    final ServingMetrics serving = new ServingMetrics(registry, MODEL, DEVICE);
    private final MeterBinding jvm = Binders.bindJvm(registry);

    MeteredTraining() {
        Tensor.manualSeed(0);
        ConfigTree config = ConfigTree.of(Map.of("training.learning-rate", 0.1));
        TrainingState state = TrainingState.fresh(ModelSpec.from(config), MODEL);
        Dataset data = Datasets.startups();
        List<InputRow> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            rows.add(new InputRow("", data.features()[i], data.target()[i]));
        }
        training.rowsConsumed(rows.size() * STEPS + BAD_ROWS.size());
        for (int step = 0; step < STEPS; step++) {
            training.evaluator(MODEL).record(state.predict(data.features()), data.target());
            StepOutcome outcome = state.train(rows);
            training.recordStep(outcome, 1_000_000, 2_000_000, 500_000);
        }
        training.recordStep(new StepOutcome(MODEL, STEPS + 1, state.rowsSeen() + 10, 10, Double.NaN,
                state.learningRate(), "loss is NaN", Double.NaN, 1.0, 1_000_000, StepOutcome.NOT_REACHED,
                StepOutcome.NOT_REACHED), 1_000_000, -1, -1);
        CsvRowDecoder decoder = new CsvRowDecoder(config.strings("input.columns"), config.strings("input.features"),
                config.string("input.target"), "", 4096);
        for (String bad : BAD_ROWS) {
            Decoded decoded = decoder.decode(null, bad.getBytes(StandardCharsets.UTF_8));
            training.rowRejected(((Decoded.Rejected) decoded).reason());
        }
        training.modelVersion(MODEL, 1);
        training.recordCommit(3_000_000);
        training.consumerLag(() -> LAG);
        serving.recordRequest("/predict", 200, 800_000);
        serving.recordPredictions(3);
        serving.modelVersion(1);
    }

    Scrape scrape() {
        return Scrape.parse(registry.scrape());
    }

    @Override
    public void close() {
        jvm.close();
        registry.close();
    }
}
