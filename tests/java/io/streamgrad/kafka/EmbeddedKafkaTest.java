package io.streamgrad.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.streamgrad.kafka.TestNames.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded broker's own helpers and errors (its use by clients is in the scenario tests). */
class EmbeddedKafkaTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void createsCompactedTopicsForModels() throws Exception {
        String topic = unique("models");
        KAFKA.createTopic(topic, 1, true);
        try (Admin admin = Admin.create(KAFKA.broker().clientProperties())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String policy = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            assertThat(policy).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void creatingAnExistingTopicSaysSo() {
        String topic = unique("twice");
        KAFKA.createTopic(topic, 1, false);
        assertThatThrownBy(() -> KAFKA.createTopic(topic, 1, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(topic).hasMessageContaining("already exists");
    }

    @Test
    void aSecondBrokerOnATakenPortFailsWithAnErrorThatSaysWhatToCheck() {
        assertThatThrownBy(() -> EmbeddedKafka.builder().port(KAFKA.broker().port()).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(KAFKA.bootstrapServers())
                .hasMessageContaining("in use").hasMessageContaining("no other broker");
    }

    @Test
    void clientPropertiesNameTheListenerButCarryNoCredentials() {
        assertThat(KAFKA.broker().clientProperties())
                .containsEntry("bootstrap.servers", KAFKA.bootstrapServers())
                .containsEntry("security.protocol", "PLAINTEXT")
                .doesNotContainKey("sasl.jaas.config");
        assertThat(KAFKA.broker().startupTime()).isPositive();
    }
}
