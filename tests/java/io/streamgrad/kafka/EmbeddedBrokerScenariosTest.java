package io.streamgrad.kafka;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The receiver and sender scenarios against the in-JVM KRaft broker. */
class EmbeddedBrokerScenariosTest extends ReceiverSenderScenarios {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Override
    protected KafkaCluster cluster() {
        return KAFKA;
    }
}
