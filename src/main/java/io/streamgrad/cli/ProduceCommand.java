package io.streamgrad.cli;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.pipeline.RowProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code streamgrad produce --csv FILE --topic T}: replays a CSV file's rows onto a topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send the data rows of a CSV file (header skipped) to a topic, one record per row.")
final class ProduceCommand implements Callable<Integer> {
    @Option(names = "--csv", required = true, description = "CSV file with a header row")
    private Path csv;

    @Option(names = "--topic", required = true, description = "Topic to write to")
    private String topic;

    @Option(names = "--repeat", defaultValue = "1", description = "Send the rows this many times (default: 1)")
    private int repeat;

    @Option(names = "--rate", defaultValue = "0", description = "Rows per second; 0 = unlimited (default)")
    private double rate;

    @Option(names = "--config", description = "YAML config for the broker (kafka.bootstrap-servers, kafka.client)")
    private Path config;

    @Override
    public Integer call() throws Exception {
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        if (tree.string("kafka.bootstrap-servers").isBlank()) {
            System.err.println("produce needs a broker: set kafka.bootstrap-servers (or STREAMGRAD_KAFKA_BOOTSTRAP_SERVERS)");
            return 2;
        }
        List<String> lines = dataLines(csv);
        try (KafkaConnection kafka = KafkaConnection.open(tree)) {
            long n = RowProducer.produce(kafka.client(), topic, lines, repeat, rate,
                    written -> System.err.print("\rproduced " + written + " rows"));
            System.err.println();
            System.out.println("produced " + n + " rows to " + topic + " on " + kafka.describe());
        }
        return 0;
    }

    /** The data rows of a CSV file: every non-blank line after the header, without line endings. */
    static List<String> dataLines(Path csv) throws java.io.IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        return lines.stream().skip(1).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
