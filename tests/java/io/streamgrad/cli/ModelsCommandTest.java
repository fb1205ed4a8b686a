package io.streamgrad.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code streamgrad models}' options, checked before the config is read or a broker is contacted. */
class ModelsCommandTest {
    @Test
    void aNegativeCountIsRefused_itUsedToFollowForeverAsZeroDoes() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));

        int exit = cli.execute("models", "--count", "-1");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--count must be at least 0, got -1", "Usage: streamgrad models");
        // The usage says what 0 means, so that the refusal's "at least 0" is enough to go on.
        assertThat(err.toString().replaceAll("\\s+", " ")).contains("0 (default): follow the topic until stopped");
    }
}
