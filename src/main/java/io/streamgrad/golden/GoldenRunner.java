package io.streamgrad.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.tensor.Device;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The conformance runner: checks the engine against a {@code golden/1} file produced by real PyTorch —
 * single-op cases, reprs, error messages and multi-step scenarios — and reports each item passed or failed.
 */
public final class GoldenRunner {
    private final Device device;

    /** A runner whose op cases, error cases and scenarios compute on {@code device}. */
    public GoldenRunner(Device device) {
        this.device = device;
    }

    /**
     * Checks every item of the golden file at {@code file}.
     *
     * @throws IOException if the file cannot be read or is not a {@code golden/1} JSON file
     */
    public GoldenReport run(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return run(in);
        }
    }

    /**
     * Checks every item of a golden file read from {@code json}: its op cases, reprs, error cases and
     * scenarios, in that order. A scenario that throws, or that this build has no runner for, is reported
     * failed; the stream is not closed.
     *
     * @throws IOException if the stream cannot be read or does not hold {@code golden/1} JSON
     */
    public GoldenReport run(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        String format = root.path("format").asText();
        if (!format.equals("golden/1")) {
            throw new IOException("not a golden/1 file (format is '" + format + "')");
        }
        GoldenReport report = new GoldenReport();
        OpCases.runAll(root.path("cases"), device, report);
        ReprCases.runAll(root.path("reprs"), report);
        ErrorCases.runAll(root.path("errors"), device, report);
        for (JsonNode scenario : root.path("scenarios")) {
            runScenario(scenario, report);
        }
        return report;
    }

    private void runScenario(JsonNode scenario, GoldenReport report) {
        String name = scenario.path("name").asText();
        String item = "scenario " + name;
        try {
            switch (name) {
                case "seed_simple_regression" -> report.add(item, SimpleRegressionScenario.run(scenario, device));
                case "seed_startups" -> report.add(item, StartupsScenario.run(scenario, device));
                case "mlp_startups" -> report.add(item, MlpScenario.run(scenario, device));
                default -> report.unsupported(item, "this build has no runner for scenario '" + name + "'");
            }
        } catch (RuntimeException e) {
            report.add(item, List.of("raised " + e));
        }
    }
}
