package io.streamgrad.kafka;

import io.streamgrad.kafka.internal.BrokerProperties;
import io.streamgrad.kafka.internal.FreePort;
import io.streamgrad.kafka.internal.JvmExitGuard;
import io.streamgrad.kafka.internal.PathDeleter;
import io.streamgrad.kafka.internal.ScramUser;
import io.streamgrad.kafka.internal.StorageFormatter;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node Kafka broker inside this JVM, in KRaft mode (the node is broker and controller), built
 * from Kafka's own server jars: the default broker of the demo and the tests when no
 * {@code kafka.bootstrap-servers} is configured.
 *
 * <p>{@link #start()} formats a fresh log directory (as {@code kafka-storage.sh format} does) and runs
 * {@link KafkaRaftServer}; it returns once the broker is unfenced and accepts clients on
 * {@link #bootstrapServers()}. Internal topics (consumer offsets, transaction state, share-group state)
 * have one partition and replication factor 1, so consumer groups and transactions work at once.
 *
 * <p>Options ({@link Builder}): a fixed client port and an existing data directory, so a test can
 * {@link #close() stop} the broker and start a new one on the same port and data (topics, records,
 * committed offsets and SCRAM credentials survive); a SASL/SCRAM client listener
 * ({@link Builder#scram(String, String)}).
 *
 * <p>Logging: loading this class sets Kafka's loggers to WARN unless a level was given (see
 * {@link KafkaLogLevels}). Kafka's own calls to exit or halt the JVM (on a fatal storage error) throw
 * instead, so a broken test broker cannot kill the JVM that hosts it.
 *
 * <p>Thread safety: all methods may be called from any thread; {@link #close()} is idempotent.
 */
public final class EmbeddedKafka implements AutoCloseable {
    static {
        KafkaLogLevels.applyQuietDefaults();
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final BrokerProperties props;
    private final boolean deleteDataDirOnClose;
    private final KafkaRaftServer server;
    private final Duration startupTime;
    private Admin admin;
    private boolean closed;

    private EmbeddedKafka(BrokerProperties props, boolean deleteDataDirOnClose, KafkaRaftServer server,
                          Duration startupTime) {
        this.props = props;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.server = server;
        this.startupTime = startupTime;
    }

    /** Starts a broker with the defaults: free port, fresh temporary directory, PLAINTEXT. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    /** A builder for a broker with options. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:port}, for the {@code bootstrap.servers} client property. */
    public String bootstrapServers() {
        return props.bootstrapServers();
    }

    /** The client listener's port (give it to {@link Builder#port(int)} to restart on the same port). */
    public int port() {
        return props.port();
    }

    /** The log directory (give it to {@link Builder#dataDir(Path)} to restart on the same data). */
    public Path dataDir() {
        return props.dataDir();
    }

    /** How long {@link Builder#start()} took: formatting plus broker start-up until unfenced. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * The properties a client needs to reach this broker, without credentials: {@code bootstrap.servers},
     * {@code security.protocol} and, in SCRAM mode, {@code sasl.mechanism}. Add {@code sasl.jaas.config}
     * yourself (see {@link KafkaClientConfig#withScramLogin(String, String)}), preferably with a secret
     * reference for the password.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("bootstrap.servers", bootstrapServers());
        client.put("security.protocol", props.clientSecurityProtocol());
        props.scram().ifPresent(user -> client.put("sasl.mechanism", ScramUser.MECHANISM));
        return client;
    }

    /**
     * Creates a topic with replication factor 1 and waits until the broker has created it.
     *
     * @param compacted true for {@code cleanup.policy=compact} (a model topic), false for delete
     * @throws IllegalStateException when the topic exists or the broker did not answer in 30 s
     */
    public void createTopic(String name, int partitions, boolean compacted) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1);
        if (compacted) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        try {
            admin().createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String hint = e.getCause() instanceof TopicExistsException
                    ? " Use another name, or reuse the existing topic." : "";
            throw new IllegalStateException("Could not create topic '" + name + "' with " + partitions
                    + " partition(s) on the embedded broker " + bootstrapServers() + ": " + e.getCause() + "." + hint,
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The embedded broker " + bootstrapServers() + " did not create topic '"
                    + name + "' within " + ADMIN_TIMEOUT + "; is it still running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic '" + name + "'", e);
        }
    }

    /**
     * Stops the broker (a controlled shutdown) and, when the data directory was a temporary one that was
     * not asked to be kept, deletes it. The port is free again when this returns.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        long start = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        log.info("Embedded Kafka on {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - start) / 1_000_000);
        if (deleteDataDirOnClose) {
            PathDeleter.deleteQuietly(props.dataDir());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + props.clientSecurityProtocol() + ", " + dataDir() + "]";
    }

    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("The embedded broker " + bootstrapServers() + " is closed");
        }
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(clientProperties());
            props.scram().ifPresent(user -> config.put("sasl.jaas.config", user.jaasConfig()));
            config.put("client.id", "embedded-kafka-admin");
            admin = Admin.create(config);
        }
        return admin;
    }

    /**
     * Options of an {@link EmbeddedKafka}. Not thread-safe; {@link #start()} may be called more than once
     * (each call starts a new broker).
     */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private boolean keepDataDir;
        private ScramUser scram;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** The client listener's port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The log directory. When it already holds a formatted broker (from an earlier run) it is reused as
         * it is; otherwise it is created and formatted. A directory given here is never deleted.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Keeps the temporary log directory after {@link EmbeddedKafka#close()} (to inspect or restart). */
        public Builder keepDataDir(boolean keep) {
            this.keepDataDir = keep;
            return this;
        }

        /**
         * Makes the client listener SASL_PLAINTEXT with SCRAM-SHA-256 and creates the credential for this
         * user when the directory is formatted. The controller listener stays PLAINTEXT on loopback. No
         * authorizer is configured: any authenticated user may do anything.
         */
        public Builder scram(String username, String password) {
            this.scram = new ScramUser(username, password);
            return this;
        }

        /** Any other broker property (e.g. {@code log.retention.ms}); applied after ours. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Formats (when needed) and starts the broker; returns once it serves clients. */
        public EmbeddedKafka start() {
            if (port != 0 && !FreePort.isFree(port)) {
                throw new IllegalStateException("The embedded Kafka broker cannot listen on 127.0.0.1:" + port
                        + ": the port is in use. Check that no other broker (a previous one not closed?) or program"
                        + " holds it, or use port 0 for any free port.");
            }
            long begin = System.nanoTime();
            Path dir = dataDir != null ? dataDir : createTempDir();
            boolean deleteOnClose = dataDir == null && !keepDataDir;
            // The client port (unless fixed) and the controller port in one probe: two probes could give one port.
            int[] free = port != 0 ? FreePort.onLoopback(1, port) : FreePort.onLoopback(2);
            BrokerProperties props = new BrokerProperties(1, port != 0 ? port : free[0], free[free.length - 1], dir,
                    Optional.ofNullable(scram), Map.copyOf(overrides));
            JvmExitGuard.install();
            KafkaRaftServer server = null;
            try {
                Files.createDirectories(dir);
                StorageFormatter.formatIfNeeded(props);
                server = new KafkaRaftServer(KafkaConfig.fromProps(props.toProperties(), false), Time.SYSTEM);
                server.startup();
            } catch (Exception e) {
                stopQuietly(server);
                if (deleteOnClose) {
                    PathDeleter.deleteQuietly(dir);
                }
                throw new IllegalStateException("The embedded Kafka broker could not start on " + props.bootstrapServers()
                        + " (controller port " + props.controllerPort() + ", data " + dir + "): " + e
                        + ". If you fixed the port, check that no other broker (a previous one not closed?) holds it;"
                        + " if you reused a data directory, check that it was written by a broker of this Kafka version.", e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            log.info("Embedded Kafka started on {} ({}) in {} ms, data in {}", props.bootstrapServers(),
                    props.clientSecurityProtocol(), took.toMillis(), dir);
            return new EmbeddedKafka(props, deleteOnClose, server, took);
        }

        private static Path createTempDir() {
            try {
                return Files.createTempDirectory("streamgrad-kafka-");
            } catch (IOException e) {
                throw new IllegalStateException("Could not create a temporary directory for the embedded broker's"
                        + " log; set java.io.tmpdir to a writable directory or give one with dataDir(...)", e);
            }
        }

        private static void stopQuietly(KafkaRaftServer server) {
            if (server == null) {
                return;
            }
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                log.warn("Could not stop the partially started embedded broker: {}", e.toString());
            }
        }
    }
}
