package io.streamgrad.pipeline.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.data.Scaler;
import io.streamgrad.pipeline.TrainingState;
import io.streamgrad.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Exact comparisons of training runs: the same model, bit for bit, and the same steps, each once. */
final class TrainedStates {
    private TrainedStates() {
    }

    /**
     * Asserts that two training states are bit-identical: every model tensor, every scaler statistic, the
     * optimizer's state and learning rate, and the counters.
     */
    static void assertBitIdentical(TrainingState actual, TrainingState expected) {
        assertThat(actual.rowsSeen()).as("rows seen").isEqualTo(expected.rowsSeen());
        assertThat(actual.step()).as("steps").isEqualTo(expected.step());
        assertThat(actual.rolledBackSteps()).as("rolled-back steps").isEqualTo(expected.rolledBackSteps());
        assertThat(Double.doubleToLongBits(actual.lastLoss())).as("last loss %s vs %s", actual.lastLoss(),
                expected.lastLoss()).isEqualTo(Double.doubleToLongBits(expected.lastLoss()));
        assertThat(actual.learningRate()).as("learning rate").isEqualTo(expected.learningRate());
        assertSameTensors("model", actual.model().stateDict(), expected.model().stateDict());
        assertSameTensors("feature scaler", scalerState(actual.scalerX()), scalerState(expected.scalerX()));
        assertSameTensors("target scaler", scalerState(actual.scalerY()), scalerState(expected.scalerY()));
        assertSameTensors("optimizer", optimizerTensors(actual), optimizerTensors(expected));
    }

    /**
     * Asserts that {@code actual} holds one loss record per step 1..n, each exactly once, and that each step's
     * loss equals the reference run's bit for bit.
     */
    static void assertSameLossRecords(List<JsonNode> actual, List<JsonNode> expected) {
        assertThat(actual).extracting(m -> m.get("step").asLong()).as("steps of the loss records")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, expected.size()).boxed().toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).get("loss").asDouble()).as("loss of step %d", i + 1)
                    .isEqualTo(expected.get(i).get("loss").asDouble());
            assertThat(actual.get(i).get("rows_seen").asLong()).as("rows seen after step %d", i + 1)
                    .isEqualTo(expected.get(i).get("rows_seen").asLong());
        }
    }

    private static void assertSameTensors(String what, Map<String, Tensor> actual, Map<String, Tensor> expected) {
        assertThat(actual.keySet()).as("%s tensors", what).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, t) -> {
            Tensor a = actual.get(name);
            assertThat(a.dtype()).as("%s %s dtype", what, name).isEqualTo(t.dtype());
            assertThat(a.shape()).as("%s %s shape", what, name).isEqualTo(t.shape());
            // Arrays.equals on doubles compares bits; float32 values widen to double exactly.
            assertThat(a.toDoubleArray()).as("%s %s, bit for bit", what, name).isEqualTo(t.toDoubleArray());
        });
    }

    private static Map<String, Tensor> scalerState(Scaler scaler) {
        return scaler == null || !scaler.isFitted() ? Map.of() : scaler.stateDict();
    }

    private static Map<String, Tensor> optimizerTensors(TrainingState state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<?, ?> perParameter = (Map<?, ?>) state.optimizer().stateDict().get("state");
        perParameter.forEach((param, entries) -> ((Map<?, ?>) entries).forEach((name, value) -> {
            if (value instanceof Tensor t) {
                out.put(param + "." + name, t);
            }
        }));
        return out;
    }
}
