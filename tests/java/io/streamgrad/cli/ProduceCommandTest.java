package io.streamgrad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code streamgrad produce}'s options, checked before the config is read or a broker is contacted. */
class ProduceCommandTest {
    @TempDir
    Path dir;

    private Path csv() throws Exception {
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        return csv;
    }

    private static void assertRefused(String message, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));

        int exit = cli.execute(args);

        assertThat(exit).as("exit code of " + String.join(" ", args)).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).as(String.join(" ", args)).contains(message, "Usage: streamgrad produce");
    }

    @Test
    void aRepeatBelowOneIsRefused_itUsedToSendNothingAndReportSuccess() throws Exception {
        String csv = csv().toString();
        for (String repeat : new String[] {"0", "-3"}) {
            assertRefused("--repeat must be at least 1, got " + repeat,
                    "produce", "--csv", csv, "--topic", "t", "--repeat", repeat);
        }
    }

    @Test
    void aNegativeOrUnreachableRateIsRefused_onlyZeroMeansUnlimited() throws Exception {
        String csv = csv().toString();
        // -5 used to mean unlimited; 5 would have sent 10 rows/s (one row per 100 ms tick); NaN too meant unlimited.
        for (String rate : new String[] {"-5", "-0.5", "5", "NaN", "Infinity", "2e9"}) {
            assertRefused("--rate must be 0 (unlimited) or from 10 to 1000000000 rows per second, got ",
                    "produce", "--csv", csv, "--topic", "t", "--rate", rate);
        }
    }

    @Test
    void aMissingOrEmptyCsvIsRefusedNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.csv");
        assertRefused("--csv: cannot read " + missing + " (NoSuchFileException)",
                "produce", "--csv", missing.toString(), "--topic", "t");

        Path headerOnly = dir.resolve("header.csv");
        Files.writeString(headerOnly, "a,b\n\n");
        assertRefused("--csv: " + headerOnly + " holds no data rows", "produce", "--csv", headerOnly.toString(),
                "--topic", "t");
    }
}
