package io.streamgrad.serving;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.pipeline.BatchResult;
import io.streamgrad.pipeline.CsvRowDecoder;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.ModelStore;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.SourceRecord;
import io.streamgrad.pipeline.TrainerCore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Model updates as a trainer publishes them: the default configuration trained on the bundled startups
 * rows by the real {@link TrainerCore}, one publication per batch, versions 1, 2, 3 ...
 */
final class PublishedModels {
    static final Path CSV = Path.of("src/main/resources/data/50_Startups.csv");

    private PublishedModels() {
    }

    static ConfigTree config(Map<String, ?> overrides) {
        Map<String, Object> all = new HashMap<>(Map.of("training.learning-rate", 0.1));
        all.putAll(overrides);
        return ConfigTree.of(all);
    }

    static ModelSpec spec() {
        return ModelSpec.from(config(Map.of()));
    }

    /** {@code count} successive publications of the default model. */
    static List<Output.ModelPublication> publish(int count) {
        return publish(config(Map.of()), count);
    }

    /** {@code count} successive publications of the model {@code config} describes. */
    static List<Output.ModelPublication> publish(ConfigTree config, int count) {
        ModelSpec spec = ModelSpec.from(config);
        TrainerCore core = new TrainerCore(spec, new CsvRowDecoder(config.strings("input.columns"), spec.features(),
                spec.target(), "", 4096), 1, ModelStore.empty());
        List<Output.ModelPublication> out = new ArrayList<>();
        long offset = 0;
        while (out.size() < count) {
            List<SourceRecord> batch = new ArrayList<>();
            for (String line : rows()) {
                batch.add(new SourceRecord("streamgrad.rows", 0, offset++, null,
                        line.getBytes(StandardCharsets.UTF_8), List.of()));
            }
            BatchResult result = core.process(batch);
            result.outputs().stream().filter(o -> o instanceof Output.ModelPublication)
                    .forEach(o -> out.add((Output.ModelPublication) o));
        }
        return out.subList(0, count);
    }

    /** The bundled rows as the rows topic carries them: CSV lines without the header. */
    static List<String> rows() {
        try {
            List<String> lines = Files.readAllLines(CSV);
            return lines.subList(1, lines.size());   // the header names the columns; the topic carries none
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
