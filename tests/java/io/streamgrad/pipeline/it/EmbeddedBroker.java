package io.streamgrad.pipeline.it;

import io.streamgrad.kafka.EmbeddedKafka;
import io.streamgrad.kafka.KafkaClientConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One {@link EmbeddedKafka} per test class, started before its tests and stopped after them:
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedBroker KAFKA = new EmbeddedBroker();
 * }</pre>
 * The broker's data lives in a directory this extension owns (deleted after the class), so a test can
 * {@link #stop()} the broker and {@link #restart()} it on the same port and data, as an operator restarts one.
 */
final class EmbeddedBroker implements BeforeAllCallback, AfterAllCallback, KafkaBroker {
    private final UnaryOperator<EmbeddedKafka.Builder> options;
    private Path dataDir;
    private int port;
    private EmbeddedKafka broker;

    /** A PLAINTEXT broker on a free port. */
    EmbeddedBroker() {
        this(builder -> builder);
    }

    /** A broker with options (SCRAM, broker properties) applied to each start's builder. */
    EmbeddedBroker(UnaryOperator<EmbeddedKafka.Builder> options) {
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("streamgrad-pipeline-it-");
        broker = options.apply(EmbeddedKafka.builder().dataDir(dataDir).keepDataDir(true)).start();
        port = broker.port();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
        deleteRecursively(dataDir);
    }

    /** Stops the broker (a controlled shutdown); its topics, offsets and transactions stay on disk. */
    void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Starts the stopped broker again on the same port and data directory. */
    void restart() {
        if (broker != null) {
            throw new IllegalStateException("the broker is running; stop() it first");
        }
        broker = options.apply(EmbeddedKafka.builder().port(port).dataDir(dataDir).keepDataDir(true)).start();
    }

    private EmbeddedKafka running() {
        if (broker == null) {
            throw new IllegalStateException("The embedded broker is not running: register the extension on a static"
                    + " field (@RegisterExtension static), and restart() it after stop().");
        }
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return running().bootstrapServers();
    }

    @Override
    public KafkaClientConfig clientConfig() {
        return KafkaClientConfig.of(running().clientProperties());
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the broker's data directory " + dir, e);
        }
    }
}
