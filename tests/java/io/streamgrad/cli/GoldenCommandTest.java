package io.streamgrad.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code streamgrad golden}: exit code 1 means a check failed, so a mistyped option must not exit with it. */
class GoldenCommandTest {
    @Test
    void anUnknownDeviceIsInvalidInput_notAFailedCheck() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));

        int exit = cli.execute("golden", "tests/resources/golden/torch_ops.json", "--device", "gpu");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--device", "Expected one of cpu, cuda, cuda:N", "Usage: streamgrad golden");
    }
}
