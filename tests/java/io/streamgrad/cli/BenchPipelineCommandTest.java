package io.streamgrad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code streamgrad bench-pipeline}'s sizes, checked before a broker starts. */
class BenchPipelineCommandTest {
    /** What a bench run sets to quiet streamgrad's INFO lines. */
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.log.io.streamgrad";

    /** Small enough that, unchecked, a run reaches its failure quickly (one publication of 256 rows). */
    private static Map<String, String> small() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--rows", "256");
        options.put("--batch-size", "256");
        options.put("--publish-every", "1");
        options.put("--rounds", "1");
        return options;
    }

    /** Runs bench-pipeline with {@code option value} instead of the small run's; checks it is refused, returns stderr. */
    private static String refused(String option, String value) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setErr(new PrintWriter(err));
        Map<String, String> options = small();
        options.put(option, value);
        List<String> args = new ArrayList<>(List.of("bench-pipeline"));
        options.forEach((name, v) -> args.addAll(List.of(name, v)));

        String logLevel = System.getProperty(LOG_LEVEL);

        int exit = cli.execute(args.toArray(String[]::new));

        assertThat(exit).as("exit code of " + args).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).as(args.toString()).contains("Usage: streamgrad bench-pipeline");
        // A refused run must leave this JVM's logging alone: later tests read their clients' INFO lines.
        assertThat(System.getProperty(LOG_LEVEL)).as("log level after " + args).isEqualTo(logLevel);
        return err.toString();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // unchecked, --rounds 0 and --max-in-flight-rows 0 started a broker
    void sizesBelowOneAreRefusedAsInvalidInput_theyUsedToFailWithAStackTrace() {
        for (String option : new String[] {"--rows", "--batch-size", "--publish-every", "--rounds", "--max-in-flight-rows"}) {
            for (String value : new String[] {"0", "-1"}) {
                assertThat(refused(option, value)).contains(option + " must be at least 1, got " + value);
            }
        }
    }

    @Test
    void rowsThatHoldNoCompletePublicationAreRefusedAsInvalidInput() {
        assertThat(refused("--rows", "255")).contains("--rows 255 holds no complete publication: it needs at least"
                + " --batch-size × --publish-every = 256 rows");
    }
}
