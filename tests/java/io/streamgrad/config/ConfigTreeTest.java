package io.streamgrad.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults from config/streamgrad.yaml, a user file over them, environment variables over both. */
class ConfigTreeTest {
    @Test
    void defaultsComeFromTheDocumentedFile() {
        ConfigTree config = ConfigTree.load(null, Map.of());

        assertThat(config.string("kafka.bootstrap-servers")).isEmpty();
        assertThat(config.strings("input.features")).containsExactly("R&D Spend", "Administration", "Marketing Spend");
        assertThat(config.integer("training.batch-size")).isEqualTo(32);
    }

    @Test
    void aUserFileOverridesOnlyWhatItNames(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("my.yaml");
        Files.writeString(file, "training:\n  learning-rate: 0.2\nkafka:\n  client:\n    security.protocol: SASL_PLAINTEXT\n");

        ConfigTree config = ConfigTree.load(file, Map.of());

        assertThat(config.number("training.learning-rate")).isEqualTo(0.2);
        assertThat(config.integer("training.batch-size")).isEqualTo(32);
        assertThat(config.stringMap("kafka.client")).containsEntry("security.protocol", "SASL_PLAINTEXT");
    }

    @Test
    void aUserFileWithNothingButCommentsOverridesNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path comments = dir.resolve("commented-out.yaml");
        Files.writeString(comments, "# training:\n#   learning-rate: 0.2\n");
        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "");
        Path nullDocument = dir.resolve("null.yaml");
        Files.writeString(nullDocument, "---\n");

        for (Path file : List.of(comments, empty, nullDocument)) {
            assertThat(ConfigTree.load(file, Map.of()).integer("training.batch-size")).as(file.toString()).isEqualTo(32);
        }
    }

    @Test
    void aUserFileThatIsNotAMappingIsRefusedNamingTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("list.yaml");
        Files.writeString(file, "- training\n- kafka\n");
        Path secret = dir.resolve("password.txt");
        Files.writeString(secret, "hunter2\n");

        assertThatThrownBy(() -> ConfigTree.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage("config file " + file + " must hold a mapping of keys (such as 'kafka:' or 'training:'),"
                        + " got a list");
        assertThatThrownBy(() -> ConfigTree.load(secret, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("got a single text value").hasMessageNotContaining("hunter2");
    }

    @Test
    void environmentVariablesOverrideKeys() {
        ConfigTree config = ConfigTree.load(null, Map.of(
                "STREAMGRAD_TRAINING_LEARNING_RATE", "0.5",
                "STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "STREAMGRAD_INPUT_FEATURES", "a, b"));

        assertThat(config.number("training.learning-rate")).isEqualTo(0.5);
        assertThat(config.string("kafka.bootstrap-servers")).isEqualTo("broker:9092");
        assertThat(config.strings("input.features")).isEqualTo(List.of("a", "b"));
    }

    @Test
    void anEnvironmentOverrideOfATextKeyIsTakenAsWritten_notAsAYamlNumberOrBoolean() {
        ConfigTree config = ConfigTree.load(null, Map.of(
                "STREAMGRAD_KAFKA_INSTANCE_ID", "007",
                "STREAMGRAD_KAFKA_GROUP_ID", "no",
                "STREAMGRAD_KAFKA_TOPICS_ROWS", "1e5",
                "STREAMGRAD_MODEL_KEY", "0x1F",
                "STREAMGRAD_TRAINING_BATCH_SIZE", "64"));

        // "007" and "7" would be two instances with one transactional.id, fencing each other.
        assertThat(config.string("kafka.instance-id")).isEqualTo("007");
        assertThat(config.string("kafka.group-id")).isEqualTo("no");
        assertThat(config.string("kafka.topics.rows")).isEqualTo("1e5");
        assertThat(config.string("model.key")).isEqualTo("0x1F");
        assertThat(config.integer("training.batch-size")).isEqualTo(64);
    }

    @Test
    void wrongValuesNameTheKeyAndWhatWasExpected() {
        ConfigTree config = ConfigTree.of(Map.of("training.optimizer", "rmsprop", "training.batch-size", "many"));

        assertThatThrownBy(() -> config.choice("training.optimizer", "sgd", "adam"))
                .hasMessage("config key 'training.optimizer' must be one of sgd, adam, got 'rmsprop'");
        assertThatThrownBy(() -> config.integer("training.batch-size"))
                .hasMessageContaining("'training.batch-size' must be an integer");
        assertThatThrownBy(() -> config.string("training.nope")).hasMessageContaining("missing config key");
    }

    @Test
    void aNullListIsEmptyAsANullStringIsBlank() {
        ConfigTree config = ConfigTree.of(Map.of()).with("input.features", null).with("model.hidden", null);

        assertThat(config.string("input.features")).isEmpty();
        assertThat(config.strings("input.features")).isEmpty();
        assertThat(config.integers("model.hidden")).isEmpty();
    }

    @Test
    void integersAreExactNeverTruncatedNorOverflowing() {
        ConfigTree config = ConfigTree.of(Map.of("training.batch-size", 2.5, "training.publish-every", "99999999999",
                "training.max-wait-ms", 1e10, "model.hidden", List.of(8, 2.5), "training.idle-publish-ms", 64.0));

        assertThatThrownBy(() -> config.integer("training.batch-size")).isInstanceOf(ConfigException.class)
                .hasMessage("config key 'training.batch-size' must be an integer, got '2.5' (a fractional number)");
        assertThatThrownBy(() -> config.integer("training.publish-every")).isInstanceOf(ConfigException.class)
                .hasMessage("config key 'training.publish-every' must be an integer in the int range "
                        + "[-2147483648, 2147483647], got '99999999999'");
        assertThatThrownBy(() -> config.integer("training.max-wait-ms")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'training.max-wait-ms' must be an integer in the int range");
        assertThatThrownBy(() -> config.integers("model.hidden")).isInstanceOf(ConfigException.class)
                .hasMessage("config key 'model.hidden' element 1 must be an integer, got '2.5' (a fractional number)");
        assertThat(config.integer("training.idle-publish-ms")).isEqualTo(64);
    }

    @Test
    void integersFromTheEnvironmentMayBeWholeDoubles() {
        ConfigTree config = ConfigTree.load(null, Map.of("STREAMGRAD_MODEL_HIDDEN", "16, 8",
                "STREAMGRAD_TRAINING_BATCH_SIZE", "99999999999"));

        assertThat(config.integers("model.hidden")).containsExactly(16, 8);
        assertThatThrownBy(() -> config.integer("training.batch-size")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'training.batch-size' must be an integer in the int range");
    }

    @Test
    void aNonNumberInANumericListFromTheEnvironmentIsRefusedByTheAccessorNamingTheKey() {
        ConfigTree config = ConfigTree.load(null, Map.of("STREAMGRAD_MODEL_HIDDEN", "16, x"));

        assertThatThrownBy(() -> config.integers("model.hidden")).isInstanceOf(ConfigException.class)
                .hasMessage("config key 'model.hidden' element 1 must be an integer, got 'x'");
    }

    @Test
    void choicesIgnoreCaseOnBothSides() {
        ConfigTree config = ConfigTree.of(Map.of("training.optimizer", "Adam", "training.loss", "mse"));

        assertThat(config.choice("training.optimizer", "sgd", "adam")).isEqualTo("adam");
        assertThat(config.choice("training.loss", "MSE", "SSE")).isEqualTo("MSE");
        assertThatThrownBy(() -> config.choice("training.optimizer", "SGD"))
                .hasMessage("config key 'training.optimizer' must be one of SGD, got 'Adam'");
    }

    @Test
    void toStringRedactsSecretLookingKeysAsKafkaClientConfigsAreLogged(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("secrets.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap-servers: broker:9093
                  # Mis-indented: this belongs under client, and is a secret wherever it is.
                  sasl.jaas.config: ScramLoginModule required username="u" password="hunter2-misplaced";
                  client:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: ScramLoginModule required username="trainer" password="hunter2-jaas";
                    ssl.truststore.password: hunter2-truststore
                    ssl.key.password: hunter2-key
                    basic.auth.user.info: trainer:hunter2-userinfo
                    key.deserializer: org.apache.kafka.common.serialization.ByteArrayDeserializer
                model:
                  key: State
                """);

        String shown = ConfigTree.load(file, Map.of()).toString();

        assertThat(shown).doesNotContain("hunter2").contains("\"sasl.jaas.config\" : \"[redacted]\"",
                "\"ssl.truststore.password\" : \"[redacted]\"", "\"security.protocol\" : \"SASL_SSL\"",
                "\"bootstrap-servers\" : \"broker:9093\"", "ByteArrayDeserializer", "\"learning-rate\" : 0.05",
                "\"key\" : \"State\"");
        // Redacted in what is shown only: the tree keeps the secret for the client, and toJson writes it all.
        assertThat(ConfigTree.load(file, Map.of()).toJson()).contains("hunter2-jaas", "\"key\" : \"State\"");
        assertThat(ConfigTree.load(file, Map.of()).stringMap("kafka.client"))
                .containsEntry("ssl.truststore.password", "hunter2-truststore");
    }
}
