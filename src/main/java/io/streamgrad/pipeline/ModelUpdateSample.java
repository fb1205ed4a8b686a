package io.streamgrad.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.data.Dataset;
import io.streamgrad.data.Datasets;
import io.streamgrad.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a real model-topic message for the check that PyTorch can use what the trainer publishes
 * ({@code tests/python/read_model_update.py}, run where Python has torch and safetensors):
 *
 * <pre>
 * java -cp streamgrad.jar io.streamgrad.pipeline.ModelUpdateSample DIR
 * python3 tests/python/read_model_update.py DIR/model-update.bin
 * </pre>
 *
 * <p>{@code DIR/model-update.bin} is exactly the value of a record on the model topic: the
 * {@link TrainingState} of the default configuration's {@code Linear(3, 1)} after {@value #STEPS} steps on the
 * bundled startups rows, encoded by {@link TrainingStateCodec}. Beside it, {@code model-update.json} holds
 * a row of features and the prediction this JVM makes for it in the target's units, for the script to
 * compare with its own.
 */
public final class ModelUpdateSample {
    static final String MESSAGE = "model-update.bin";
    static final String EXPECTED = "model-update.json";
    /** Enough full-batch steps on the scaled data that the weights are clearly learned, not initial. */
    static final int STEPS = 200;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelUpdateSample() {
    }

    /** Writes the message and its sidecar into the directory {@code args[0]} and prints the message's path. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp streamgrad.jar io.streamgrad.pipeline.ModelUpdateSample DIR");
            System.exit(2);
        }
        System.out.println(write(Path.of(args[0])));
    }

    /** Writes {@value #MESSAGE} and {@value #EXPECTED} into {@code dir}, creating it; returns the message file. */
    public static Path write(Path dir) throws IOException {
        TrainingState state = trained();
        Dataset data = Datasets.startups();
        double[] row = data.features()[0];
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("features", state.spec().features());
        expected.put("row", row);
        expected.put("prediction", state.predict(new double[][] {row})[0]);
        expected.put("target", data.target()[0]);
        Files.createDirectories(dir);
        Path message = dir.resolve(MESSAGE);
        Files.write(message, TrainingStateCodec.encode(state));
        JSON.writeValue(dir.resolve(EXPECTED).toFile(), expected);
        return message;
    }

    /** The default model after {@value #STEPS} steps on the startups rows, published once (version 1). */
    static TrainingState trained() {
        ModelSpec spec = ModelSpec.from(ConfigTree.of(Map.of("training.learning-rate", 0.1)));
        Tensor.manualSeed(42);
        TrainingState state = TrainingState.fresh(spec, spec.modelId());
        Dataset data = Datasets.startups();
        List<InputRow> rows = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            rows.add(new InputRow("", data.features()[i], data.target()[i]));
        }
        for (int step = 0; step < STEPS; step++) {
            state.train(rows);
        }
        state.markPublished();
        return state;
    }
}
