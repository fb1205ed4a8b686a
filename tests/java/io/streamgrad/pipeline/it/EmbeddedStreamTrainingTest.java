package io.streamgrad.pipeline.it;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The stream-training scenarios against the in-JVM KRaft broker. */
class EmbeddedStreamTrainingTest extends StreamTrainingScenarios {
    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    @Override
    protected KafkaBroker broker() {
        return KAFKA;
    }
}
