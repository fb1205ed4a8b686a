package io.streamgrad.cli;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.pipeline.RowProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code streamgrad produce --csv FILE --topic T}: replays a CSV file's rows onto a topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send the data rows of a CSV file (header skipped) to a topic, one record per row.")
final class ProduceCommand implements Callable<Integer> {
    /** The highest --rate taken (more than a broker takes from one producer); 0 asks for no limit. */
    static final double MAX_RATE = 1e9;

    @Option(names = "--csv", required = true, description = "CSV file with a header row")
    private Path csv;

    @Option(names = "--topic", required = true, description = "Topic to write to")
    private String topic;

    @Option(names = "--repeat", defaultValue = "1", description = "Send the rows this many times, at least 1 (default: 1)")
    private int repeat;

    @Option(names = "--rate", defaultValue = "0", description = "Rows per second, from 10: rows go out every 100 ms, a"
            + " tenth of the rate (rounded down) each time; 0 = unlimited (default)")
    private double rate;

    @Option(names = "--config", description = "YAML config for the broker (kafka.bootstrap-servers, kafka.client)")
    private Path config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Checked before anything else: --repeat 0 used to send nothing and report success, --rate -1 to mean unlimited.
        OptionChecks.atLeast(spec, "--repeat", repeat, 1);
        if (!(rate == 0 || rate >= 10 && rate <= MAX_RATE)) {
            // Below 10 rows/s, a tick of 100 ms would still send one row: 10 rows/s, not the rate asked for.
            throw new ParameterException(spec.commandLine(), "--rate must be 0 (unlimited) or from 10 to "
                    + (long) MAX_RATE + " rows per second, got " + rate);
        }
        List<String> lines;
        try {
            lines = dataLines(csv);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--csv: cannot read " + csv + " ("
                    + e.getClass().getSimpleName() + "); expected a readable CSV file with a header row", e, null,
                    String.valueOf(csv));
        }
        if (lines.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--csv: " + csv + " holds no data rows; expected a header"
                    + " row and at least one row after it");
        }
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        if (tree.string("kafka.bootstrap-servers").isBlank()) {
            System.err.println("produce needs a broker: set kafka.bootstrap-servers (or STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS)");
            return 2;
        }
        try (KafkaConnection kafka = KafkaConnection.open(tree)) {
            long n = RowProducer.produce(kafka.client(), topic, lines, repeat, rate,
                    written -> System.err.print("\rproduced " + written + " rows"));
            System.err.println();
            System.out.println("produced " + n + " rows to " + topic + " on " + kafka.describe());
        }
        return 0;
    }

    /** The data rows of a CSV file: every non-blank line after the header, without line endings. */
    static List<String> dataLines(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        return lines.stream().skip(1).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
