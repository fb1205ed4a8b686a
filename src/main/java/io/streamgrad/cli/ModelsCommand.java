package io.streamgrad.cli;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.SecretResolver;
import io.streamgrad.pipeline.ModelUpdate;
import io.streamgrad.serving.ModelSubscriber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code streamgrad models --topic T}: follows model updates and prints version, step, loss and weights. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Follow the model topic: the newest state of each model first, then every new version.")
final class ModelsCommand implements Callable<Integer> {
    @Option(names = "--topic", description = "Model topic (default: kafka.topics.models)")
    private String topic;

    @Option(names = "--config", description = "YAML config for the broker (kafka.bootstrap-servers, kafka.client)")
    private Path config;

    @Option(names = "--count", defaultValue = "0",
            description = "Stop after this many updates; 0 (default): follow the topic until stopped")
    private long count;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        // A negative count used to follow forever, as 0 does: a typo must not look like a request.
        OptionChecks.atLeast(spec, "--count", count, 0);
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        if (tree.string("kafka.bootstrap-servers").isBlank()) {
            System.err.println("models needs a broker: set kafka.bootstrap-servers (or STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS)");
            return 2;
        }
        try (KafkaConnection kafka = KafkaConnection.open(tree)) {
            ModelSubscriber subscriber = new ModelSubscriber(kafka.client(), SecretResolver.fromEnvironment(),
                    topic != null ? topic : tree.string("kafka.topics.models"));
            var updates = subscriber.updates().map(m -> format(m.update()));
            (count > 0 ? updates.take(count) : updates).doOnNext(System.out::println).blockLast();
        }
        return 0;
    }

    static String format(ModelUpdate u) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s v%d step %d rows %d loss %.6g",
                u.modelId(), u.version(), u.step(), u.rowsSeen(), u.lastLoss()));
        u.weights().forEach((name, t) -> line.append(' ').append(name).append('=')
                .append(java.util.Arrays.toString(t.toDoubleArray())));
        return line.toString();
    }
}
