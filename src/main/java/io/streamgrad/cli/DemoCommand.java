package io.streamgrad.cli;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.metrics.TrainerMetrics;
import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.LinearReadout;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.ModelTopicStore;
import io.streamgrad.pipeline.RowProducer;
import io.streamgrad.pipeline.TrainerListener;
import io.streamgrad.pipeline.Trainers;
import io.streamgrad.pipeline.TrainingState;
import io.streamgrad.pipeline.TrainingStateCodec;
import io.streamgrad.serving.LossPlot;
import io.streamgrad.serving.TrainerStatusPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code streamgrad demo}: no setup. Starts a Kafka broker inside the JVM, streams the bundled 50_Startups
 * rows (repeated with noise, a few malformed on purpose), trains online with a live progress line, then
 * prints the learned weights in the data's original units and where the model updates went. While it
 * trains, the status page (with {@code POST /predict}) and the Prometheus metrics are served on the
 * configured ports, or on free ones when those are taken; at the end the loss curve is written as a PNG.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Stream the bundled 50_Startups rows through an in-JVM Kafka broker and train online.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "200000", description = "Rows to stream (default: ${DEFAULT-VALUE})")
    private int rows;

    @Option(names = "--config", description = "YAML config (defaults: config/streamgrad.yaml)")
    private Path config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // With no rows no model is ever published, and the demo would wait for one forever.
        OptionChecks.atLeast(spec, "--rows", rows, 1);
        // The progress line is the demo's output: keep the clients' and trainer's INFO logs out of it.
        System.setProperty("org.slf4j.simpleLogger.log.io.streamgrad", "warn");
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        boolean embedded = tree.string("kafka.bootstrap-servers").isBlank();
        if (embedded) {
            // A fresh in-JVM broker warns once that its metadata log is empty, and once on shutdown that its
            // controller channel was closed twice: expected, and noise around the progress line and summary.
            // With a real broker the demo keeps every warning.
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.controller.QuorumController", "error");
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
        }
        System.out.println("Starting Kafka (" + (embedded
                ? "single-node KRaft broker inside this JVM" : tree.string("kafka.bootstrap-servers")) + ")...");
        try (KafkaConnection kafka = KafkaConnection.open(tree);
             TrainerMetrics metrics = onConfiguredOrFreePort(tree, "metrics.prometheus.port", TrainerMetrics::new);
             TrainerStatusPage page = onConfiguredOrFreePort(tree, "serving.port",
                     t -> TrainerStatusPage.start(t, metrics.registry()))) {
            kafka.createTopics(tree);
            System.out.println("Status page: " + page.uri() + "   Prometheus metrics: " + metrics.endpoint().uri());
            String rowsTopic = tree.string("kafka.topics.rows");
            List<String> lines = DemoRows.generate(rows, 7, 50_000);
            ProgressListener progress = new ProgressListener();
            KafkaTrainer trainer = Trainers.create(tree, kafka.client(),
                    TrainerListener.all(progress, page.listener(), metrics.listener()), metrics.evaluators());
            trainer.start();
            metrics.bindTrainer(trainer);
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
            System.out.println("Loss curve: " + plotLosses(progress.losses));
        }
        return 0;
    }

    /** The demo needs no setup: when a configured port is taken (a trainer runs), any free port will do. */
    private static <T> T onConfiguredOrFreePort(ConfigTree tree, String portKey, Function<ConfigTree, T> start) {
        try {
            return start.apply(tree);
        } catch (UncheckedIOException portTaken) {
            return start.apply(tree.with(portKey, 0));
        }
    }

    /** Writes the loss curve into target/ (a checkout) or else a new temporary directory; returns the file. */
    private static Path plotLosses(List<Double> losses) throws IOException {
        Path target = Path.of("target");
        Path dir = Files.isDirectory(target) ? target : Files.createTempDirectory("streamgrad-demo");
        Path png = dir.resolve("demo-loss.png");
        LossPlot.write(List.copyOf(losses), png);
        return png;
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
