package io.streamgrad.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Creates topics that are missing (existing ones are left as they are). */
public final class Topics {
    private Topics() {
    }

    /**
     * Ensures {@code name} exists with {@code partitions} partitions (replication factor: the number of brokers,
     * at most 3), compacted when asked.
     */
    public static void ensure(Map<String, Object> clientProperties, String name, int partitions, boolean compacted) {
        try (Admin admin = Admin.create(clientProperties)) {
            int brokers = admin.describeCluster().nodes().get().size();
            NewTopic topic = new NewTopic(name, java.util.Optional.of(partitions),
                    java.util.Optional.of((short) Math.min(3, brokers)));
            if (compacted) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            admin.createTopics(java.util.List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }
}
