package io.streamgrad.pipeline.it;

import io.streamgrad.kafka.SecretResolver;
import io.streamgrad.pipeline.DemoRows;
import io.streamgrad.pipeline.KafkaTrainer;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.TrainerListener;
import io.streamgrad.pipeline.TrainerSettings;
import io.streamgrad.pipeline.Trainers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The trainer on a broker that requires SASL/SCRAM, configured as an operator would: {@code kafka.client}
 * passes the SASL properties through, and the JAAS line refers to the password as {@code ${env:...}}, resolved
 * only inside the clients. (JUnit cannot set this JVM's environment, so the trainer gets a
 * {@link SecretResolver} over a map; the resolution is the same.) The password must never reach the output.
 */
@Timeout(120)
class SaslTrainingTest {
    private static final String USER = "streamgrad-trainer";
    /** Distinctive, so that finding it in the output cannot be a coincidence. */
    private static final String PASSWORD = "pw-7f3c9a1e-Scram!";
    private static final String WRONG_PASSWORD = "pw-2b8d4e6f-Wrong!";
    private static final String VARIABLE = "STREAMGRAD_IT_KAFKA_PASSWORD";
    private static final String MODEL = "startups";

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker(b -> b.scram(USER, PASSWORD));

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    private static final Map<String, Object> SCRAM_CLIENT = Map.of("kafka.client", Map.of(
            "security.protocol", "SASL_PLAINTEXT",
            "sasl.mechanism", "SCRAM-SHA-256",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + USER + "\" password=\"${env:" + VARIABLE + "}\";"));

    @Test
    void trainsThroughScram_withThePasswordFromASecretReference_andNeverShowsIt() {
        Pipeline p = Pipeline.create(KAFKA, "sasl", SCRAM_CLIENT, environment(PASSWORD));
        int rows = 2_000;

        KafkaTrainer trainer = trainer(p, environment(PASSWORD)).start();
        p.produce(DemoRows.generate(rows, 17, 0));
        p.awaitRowsSeen(MODEL, rows, Duration.ofSeconds(60), trainer);
        trainer.close();

        assertThat(p.latestTrained(MODEL).rowsSeen()).isEqualTo(rows);
        assertThat(output.text()).as("the output, which holds the trainer's log").contains("trainer 1 started")
                .doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordStopsTheTrainerSoonWithAClearError_thatDoesNotShowThePassword() {
        Pipeline p = Pipeline.create(KAFKA, "sasl-wrong", SCRAM_CLIENT, environment(PASSWORD));

        KafkaTrainer trainer = trainer(p, environment(WRONG_PASSWORD));
        Throwable failure = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> catchThrowable(() -> {
            trainer.start();
            assertThat(trainer.awaitTermination(Duration.ofSeconds(45))).as("the trainer stopped").isTrue();
        }), "a trainer with a wrong password must fail, not hang");
        trainer.close();

        assertThat(failure).as("what stopped the trainer").isNotNull().isNotInstanceOf(AssertionError.class);
        String error = stackTrace(failure);
        assertThat(error).as("the error").containsIgnoringCase("authentication");
        assertThat(error + output.text()).as("the error and the output").doesNotContain(WRONG_PASSWORD)
                .doesNotContain(PASSWORD);
    }

    /** A trainer whose {@code ${env:...}} references resolve against {@code secrets}. */
    private static KafkaTrainer trainer(Pipeline p, SecretResolver secrets) {
        TrainerSettings settings = TrainerSettings.from(p.config(), p.client(), "1", secrets);
        return new KafkaTrainer(settings, ModelSpec.from(p.config()), Trainers.decoder(p.config()), TrainerListener.NONE);
    }

    private static SecretResolver environment(String password) {
        return SecretResolver.withEnvironment(Map.of(VARIABLE, password));
    }

    private static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
