package io.streamgrad.kafka.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded broker's server properties. */
class BrokerPropertiesTest {
    @Test
    void theScramListenerPropertyIsNamedAsKafkaExpectsWhateverTheDefaultLocale() {
        BrokerProperties props = new BrokerProperties(1, 9092, 9093, Path.of("/tmp/kafka"),
                Optional.of(new ScramUser("trainer", "secret")), Map.of());
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // lower-cases "I" to a dotless "ı"
        try {
            assertThat(props.toProperties().stringPropertyNames())
                    .contains("listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config");
        } finally {
            Locale.setDefault(before);
        }
    }
}
