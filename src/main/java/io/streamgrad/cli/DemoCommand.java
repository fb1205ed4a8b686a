package io.streamgrad.cli;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.LinearReadout;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.ModelTopicStore;
import io.streamgrad.pipeline.TrainingStateCodec;
import io.streamgrad.pipeline.RowProducer;
import io.streamgrad.pipeline.TrainingState;
import io.streamgrad.pipeline.Trainers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code streamgrad demo}: no setup. Starts a Kafka broker inside the JVM, streams the bundled 50_Startups
 * rows (repeated with noise, a few malformed on purpose), trains online with a live progress line, then
 * prints the learned weights in the data's original units and where the model updates went.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Stream the bundled 50_Startups rows through an in-JVM Kafka broker and train online.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "200000", description = "Rows to stream (default: ${DEFAULT-VALUE})")
    private int rows;

    @Option(names = "--config", description = "YAML config (defaults: config/streamgrad.yaml)")
    private Path config;

    @Override
    public Integer call() throws Exception {
        // The progress line is the demo's output: keep the clients' and trainer's INFO logs out of it.
        System.setProperty("org.slf4j.simpleLogger.log.io.streamgrad", "warn");
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        System.out.println("Starting Kafka (" + (tree.string("kafka.bootstrap-servers").isBlank()
                ? "single-node KRaft broker inside this JVM" : tree.string("kafka.bootstrap-servers")) + ")...");
        try (KafkaConnection kafka = KafkaConnection.open(tree)) {
            kafka.createTopics(tree);
            String rowsTopic = tree.string("kafka.topics.rows");
            List<String> lines = DemoRows.generate(rows, 7, 50_000);
            ProgressListener progress = new ProgressListener();
            KafkaTrainer trainer = Trainers.create(tree, kafka.client(), progress);
            trainer.start();
            long started = System.nanoTime();
            CompletableFuture<Long> produced = CompletableFuture.supplyAsync(
                    () -> RowProducer.produce(kafka.client(), rowsTopic, lines, 1, 0, n -> { }));
            ProgressBar bar = new ProgressBar(System.err, rows);
            while (progress.rows.get() < rows || progress.version.get() == 0
                    || trainer.core().hasUnpublished()) {
                bar.show(progress, System.nanoTime() - started);
                if (trainer.awaitTermination(Duration.ofMillis(250))) {
                    break;
                }
            }
            bar.show(progress, System.nanoTime() - started);
            bar.finish();
            produced.join();
            trainer.close();
            report(tree, kafka, progress, System.nanoTime() - started);
        }
        return 0;
    }

    private static void report(ConfigTree tree, KafkaConnection kafka, ProgressListener p, long nanos) {
        // Read back what was committed, as any consumer of the model topic would.
        ModelSpec spec = ModelSpec.from(tree);
        byte[] latest = new ModelTopicStore(kafka.resolved(), tree.string("kafka.topics.models")).refresh()
                .latest(spec.modelId()).orElseThrow(() -> new IllegalStateException("no model update was committed"));
        TrainingState state = TrainingStateCodec.decode(latest, spec);
        LinearReadout w = LinearReadout.of(state);
        List<String> features = state.spec().features();
        System.out.printf(Locale.ROOT, "%nTrained on %,d rows in %.1f s (%,.0f rows/s); %,d rejected rows went to %s.%n",
                p.rows.get() - p.rejected.get(), nanos / 1e9, p.rows.get() / (nanos / 1e9), p.rejected.get(),
                tree.string("kafka.topics.dead-letter"));
        System.out.printf(Locale.ROOT, "Learned model, in the data's units (%s):%n", state.spec().target());
        System.out.printf(Locale.ROOT, "  %s = %.2f", state.spec().target(), w.intercept());
        for (int j = 0; j < features.size(); j++) {
            System.out.printf(Locale.ROOT, " %+.4f x %s", w.coefficients()[j], features.get(j));
        }
        System.out.printf(Locale.ROOT, "%n  last training loss %.5f (scaled units), %d steps rolled back%n",
                state.lastLoss(), state.rolledBackSteps());
        System.out.printf(Locale.ROOT, "Model updates: %d versions of '%s' on the compacted topic '%s' (%s);"
                        + " loss records on '%s'.%n", state.version(), state.modelId(), tree.string("kafka.topics.models"),
                kafka.describe(), tree.string("kafka.topics.metrics"));
        System.out.println("Follow them on a running broker with: ./streamgrad models --topic "
                + tree.string("kafka.topics.models"));
    }
}
