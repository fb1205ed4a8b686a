package io.streamgrad.cli;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.metrics.TrainerMetrics;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.Trainers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code streamgrad train --config FILE}: trains continuously from the rows topic of any broker. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train continuously from the configured rows topic and publish model updates, exactly once."
                + " Environment variables STREAMGRAD_* override config keys.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML config (defaults: config/streamgrad.yaml)")
    private Path config;

    @Option(names = "--instance-id", description = "This instance's id (keep it across restarts)")
    private String instanceId;

    @Override
    public Integer call() throws Exception {
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        if (instanceId != null) {
            tree = tree.with("kafka.instance-id", instanceId);
        }
        try (KafkaConnection kafka = KafkaConnection.open(tree); TrainerMetrics metrics = new TrainerMetrics(tree)) {
            kafka.createTopics(tree);
            KafkaTrainer trainer = Trainers.create(tree, kafka.client(), metrics.listener(), metrics.evaluators());
            System.err.println("metrics on " + metrics.endpoint().uri());
            Runtime.getRuntime().addShutdownHook(new Thread(trainer::close, "streamgrad-shutdown"));
            System.err.println("training from " + kafka.describe());
            trainer.start();
            metrics.bindTrainer(trainer);
            while (!trainer.awaitTermination(Duration.ofSeconds(5))) {
                // keep training until stopped
            }
        }
        return 0;
    }
}
