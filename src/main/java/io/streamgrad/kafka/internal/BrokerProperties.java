package io.streamgrad.kafka.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The server properties of a single-node KRaft broker that is its own controller, sized for one JVM:
 * every internal topic has one partition and replication factor 1, and thread pools are small.
 *
 * @param node       the node id (also the only voter of the controller quorum)
 * @param port       the client listener's port on 127.0.0.1
 * @param controllerPort the controller listener's port on 127.0.0.1 (always PLAINTEXT)
 * @param dataDir    the single log directory, which also holds the metadata log
 * @param scram      when present, the client listener is SASL_PLAINTEXT with SCRAM-SHA-256, and the broker
 *                   authenticates to itself (inter-broker requests such as transaction verification) as
 *                   this user, so no second credential is needed
 * @param overrides  extra server properties, applied last
 */
public record BrokerProperties(int node, int port, int controllerPort, Path dataDir, Optional<ScramUser> scram,
                               Map<String, String> overrides) {
    /** Name of the controller listener (the storage formatter needs it too). */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String HOST = "127.0.0.1";

    /** The listener name and security protocol clients use. */
    public String clientSecurityProtocol() {
        return scram.isPresent() ? "SASL_PLAINTEXT" : "PLAINTEXT";
    }

    /** {@code host:port} of the client listener. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The properties for {@code KafkaConfig.fromProps}. */
    public Properties toProperties() {
        Properties p = new Properties();
        String client = clientSecurityProtocol();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(node));
        p.put("controller.quorum.voters", node + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", client + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", client + "://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", client + ":" + client + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", client);
        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());
        putSingleNodeTopicSettings(p);
        putSmallFootprint(p);
        scram.ifPresent(user -> putScram(p, user, client));
        p.putAll(overrides);
        return p;
    }

    /** Internal topics cannot have more replicas than there are brokers: one. */
    private static void putSingleNodeTopicSettings(Properties p) {
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        // Tests and the demo start consumers right away; the default 3 s delay only helps large groups.
        p.put("group.initial.rebalance.delay.ms", "0");
    }

    /** A broker inside someone else's JVM on a 2-core machine: few threads, a small cleaner buffer. */
    private static void putSmallFootprint(Properties p) {
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        // The cleaner allocates this buffer up front (128 MiB by default); compacted topics here are small.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // Lets the broker register and unfence sooner after start (default 2 s).
        p.put("broker.heartbeat.interval.ms", "500");
    }

    private static void putScram(Properties p, ScramUser user, String listener) {
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + "."
                + ScramUser.MECHANISM.toLowerCase(Locale.ROOT) + ".";
        p.put("sasl.enabled.mechanisms", ScramUser.MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", ScramUser.MECHANISM);
        p.put(prefix + "sasl.jaas.config", user.jaasConfig());
    }
}
