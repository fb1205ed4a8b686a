package io.streamgrad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Errors the user can fix are one line of what was wrong, not a stack trace; {@code --debug} adds the trace. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine().setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, err.toString());
    }

    @Test
    void aConfigErrorIsOneLineWithExitCode2_theStackTraceOnlyWithDebug() {
        Path missing = dir.resolve("missing.yaml");

        Run plain = run("models", "--config", missing.toString());

        assertThat(plain.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(plain.err()).isEqualTo("streamgrad models: cannot read config file " + missing + ": " + missing
                + System.lineSeparator());

        // --debug is taken before the subcommand and after it.
        for (String[] args : new String[][] {{"--debug", "models", "--config", missing.toString()},
                {"models", "--debug", "--config", missing.toString()}}) {
            Run debug = run(args);
            assertThat(debug.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(debug.err()).startsWith(plain.err())
                    .contains("io.streamgrad.config.ConfigException: cannot read config file", "\tat ");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBrokerThatCannotBeReachedIsOneLineWithExitCode1() throws Exception {
        // Nothing listens on port 1; the admin client gives up after 1.5 s instead of the default minute.
        Path config = dir.resolve("unreachable.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrap-servers: 127.0.0.1:1
                  client:
                    default.api.timeout.ms: 1500
                    request.timeout.ms: 1000
                metrics:
                  prometheus:
                    port: 0
                """);

        Run run = run("train", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(run.err()).startsWith("streamgrad train: cannot create topic streamgrad.rows: ")
                .doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSecretThatCannotBeResolvedIsAConfigError_oneLineWithExitCode2() throws Exception {
        // It used to surface from the receiver's poll thread as a ReceiverException with a stack trace.
        Path config = dir.resolve("secret.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrap-servers: 127.0.0.1:1
                  client:
                    sasl.jaas.config: ${env:STREAMGRAD_CLI_ERRORS_TEST_UNSET}
                """);

        Run run = run("models", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("streamgrad models: Kafka client property 'sasl.jaas.config' refers to"
                + " ${env:STREAMGRAD_CLI_ERRORS_TEST_UNSET}, but environment variable STREAMGRAD_CLI_ERRORS_TEST_UNSET"
                + " is not set. Export it before starting, or keep the secret in a file and refer to it as"
                + " ${file:/path}." + System.lineSeparator());
    }

    @Test
    void anyOtherExceptionIsABugAndKeepsPicocliDefault_itsStackTrace() {
        CommandLine cli = Main.commandLine();
        IllegalStateException bug = new IllegalStateException("a bug");

        assertThatThrownBy(() -> new CliErrors().handleExecutionException(bug, cli, cli.parseArgs("seminar")))
                .isSameAs(bug);
    }
}
