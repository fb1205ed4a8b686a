package io.streamgrad.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretResolverTest {
    private final SecretResolver resolver = SecretResolver.withEnvironment(Map.of("KAFKA_PASSWORD", "s3cr\"t", "USER", "trainer"));

    @Test
    void anEnvironmentReferenceIsReplacedByTheVariablesValue() {
        assertThat(resolver.resolve("ssl.key.password", "${env:KAFKA_PASSWORD}")).isEqualTo("s3cr\"t");
        assertThat(resolver.resolve("client.id", "app-${env:USER}-1")).isEqualTo("app-trainer-1");
    }

    @Test
    void insideAJaasLineTheSecretIsEscapedForItsQuotedString() {
        String jaas = "ScramLoginModule required username=\"${env:USER}\" password=\"${env:KAFKA_PASSWORD}\";";
        assertThat(resolver.resolve("sasl.jaas.config", jaas))
                .isEqualTo("ScramLoginModule required username=\"trainer\" password=\"s3cr\\\"t\";");
    }

    @Test
    void aFileReferenceIsReplacedByTheFilesContentWithoutTheTrailingLineBreak(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("password"), "from-a-file\n");
        assertThat(resolver.resolve("ssl.key.password", "${file:" + secret + "}")).isEqualTo("from-a-file");
    }

    @Test
    void valuesWithoutReferencesAreLeftAlone() {
        assertThat(resolver.resolve("bootstrap.servers", "localhost:9092")).isEqualTo("localhost:9092");
        assertThat(SecretResolver.hasReference("localhost:9092")).isFalse();
        assertThat(SecretResolver.hasReference("${env:X}")).isTrue();
    }

    @Test
    void aMissingVariableIsNamedWithTheProperty_andTheMessageSaysWhatToDo() {
        assertThatThrownBy(() -> resolver.resolve("sasl.jaas.config", "password=\"${env:NOT_SET}\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sasl.jaas.config'").hasMessageContaining("NOT_SET").hasMessageContaining("Export it");
    }

    @Test
    void anUnreadableFileIsReportedWithoutItsContent(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> resolver.resolve("ssl.key.password", "${file:" + missing + "}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("NoSuchFileException");
    }
}
