package io.streamgrad.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The sample for tests/python/read_model_update.py is a real, learned model-topic message and its expectation. */
class ModelUpdateSampleTest {
    @TempDir
    private Path dir;

    @Test
    void theMessageIsTheTrainedStateAndTheSidecarItsPrediction() throws IOException {
        Path message = ModelUpdateSample.write(dir);

        TrainingState state = TrainingStateCodec.decode(Files.readAllBytes(message), ModelUpdateSample.trained().spec());
        JsonNode expected = new ObjectMapper().readTree(dir.resolve(ModelUpdateSample.EXPECTED).toFile());
        double[] row = new ObjectMapper().convertValue(expected.get("row"), double[].class);
        assertThat(state.version()).isEqualTo(1);
        assertThat(state.step()).isEqualTo(ModelUpdateSample.STEPS);
        assertThat(state.predict(new double[][] {row})[0]).isEqualTo(expected.get("prediction").asDouble());
        // Learned, not initial: within 10% of the row's true profit.
        assertThat(expected.get("prediction").asDouble())
                .isCloseTo(expected.get("target").asDouble(), within(0.1 * expected.get("target").asDouble()));
    }
}
