package io.streamgrad.cli;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.SecretResolver;
import io.streamgrad.serving.ModelSubscriber;
import io.streamgrad.serving.ServingConfig;
import io.streamgrad.serving.ServingStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.Disposable;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code streamgrad serve --config FILE}: predictions over HTTP from the newest published model, swapped
 * atomically as updates arrive, plus the status page and {@code /metrics}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve predictions (POST /predict), the model (GET /model) and a status page from the model topic.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--config", description = "YAML config (defaults: config/streamgrad.yaml)")
    private Path config;

    @Override
    public Integer call() throws Exception {
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        if (tree.string("kafka.bootstrap-servers").isBlank()) {
            System.err.println("serve needs a broker: set kafka.bootstrap-servers (or STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS)");
            return 2;
        }
        ServingConfig serving = ServingConfig.from(tree);
        try (KafkaConnection kafka = KafkaConnection.open(tree); ServingStack stack = ServingStack.start(tree)) {
            ModelSubscriber subscriber = new ModelSubscriber(kafka.client(), SecretResolver.fromEnvironment(),
                    serving.modelsTopic());
            Disposable updates = subscriber.updates(serving.modelId()).subscribe(p -> {
                try {
                    stack.models().update(p);
                } catch (IllegalArgumentException e) {
                    log.warn("keeping the current model: {}", e.getMessage());
                }
            }, e -> log.error("model updates stopped: {}", e.toString()));
            System.err.println("serving model '" + serving.modelId() + "' on " + stack.server() + "; metrics on "
                    + stack.metricsEndpoint().uri());
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "streamgrad-serve-shutdown"));
            stop.await();
            updates.dispose();
        }
        return 0;
    }
}
