package io.streamgrad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code streamgrad demo}'s options, checked before anything starts. */
class DemoCommandTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // --rows 0 used to start a broker and wait forever for a model
    void rowsBelowOneAreRefusedAsInvalidInputBeforeABrokerStarts() {
        for (String rows : new String[] {"0", "-1"}) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));

            int exit = cli.execute("demo", "--rows", rows);

            assertThat(exit).as("exit code for --rows " + rows).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(err.toString()).contains("--rows must be at least 1, got " + rows, "Usage: streamgrad demo");
        }
    }
}
