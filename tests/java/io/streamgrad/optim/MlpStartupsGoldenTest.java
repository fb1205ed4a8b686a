package io.streamgrad.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.nn.Golden;
import io.streamgrad.nn.Mlp;
import io.streamgrad.nn.Sequential;
import io.streamgrad.nn.functional.F;
import io.streamgrad.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden scenario {@code mlp_startups}: {@code Sequential(Linear(3, 8), ReLU(), Linear(8, 1))} from the
 * scenario's initial state dict, trained full-batch on the scaled 50_Startups data with mse_loss for each
 * run's optimizer; every loss and the final state dict must match PyTorch's at float32 tolerance.
 */
class MlpStartupsGoldenTest {
    private static final JsonNode SCENARIO = Golden.scenario("mlp_startups");
    /** Keys of a run that are not optimizer arguments. */
    private static final Set<String> NOT_KWARGS = Set.of("optimizer", "steps", "losses", "final_state");

    static Stream<Arguments> runs() {
        Stream.Builder<Arguments> out = Stream.builder();
        for (JsonNode run : SCENARIO.get("runs")) {
            out.add(Arguments.of(run.get("optimizer").asText() + " " + kwargs(run), run));
        }
        return out.build();
    }

    private static Map<String, Object> kwargs(JsonNode run) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        run.properties().forEach(e -> {
            if (!NOT_KWARGS.contains(e.getKey())) {
                kwargs.put(e.getKey(), new ObjectMapper().convertValue(e.getValue(), Object.class));
            }
        });
        return kwargs;
    }

    private static Sequential initialModel() {
        Sequential model = Mlp.of(3, new int[] {8}, 1, "relu");
        model.loadStateDict(Golden.stateDict(SCENARIO.get("init_state")));
        return model;
    }

    @Test
    void modelPrintsAsPyTorch() {
        assertThat(initialModel().toString()).isEqualTo(SCENARIO.get("repr").asText());
    }

    @Test
    void dataIsScaledAsTheScenarioSays() {
        JsonNode firstRows = Golden.scenario("seed_startups").get("X_scaled_first_rows");
        double[][] features = StartupsData.load().features();
        for (int i = 0; i < firstRows.size(); i++) {
            for (int j = 0; j < StartupsData.FEATURES.size(); j++) {
                assertThat(features[i][j]).isCloseTo(firstRows.get(i).get(j).asDouble(), within(1e-15));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void trainingMatchesPyTorch(String label, JsonNode run) {
        StartupsData data = StartupsData.load();
        Sequential model = initialModel();
        Optimizer opt = Optimizers.create(run.get("optimizer").asText(), model.parameters(), kwargs(run));
        JsonNode losses = run.get("losses");
        int steps = run.get("steps").asInt();
        assertThat(losses.size()).isEqualTo(steps);
        double[] got = new double[steps];
        for (int step = 0; step < steps; step++) {
            opt.zeroGrad();
            Tensor loss = F.mseLoss(model.forward(data.x()), data.y());
            loss.backward();
            opt.step();
            got[step] = loss.item();
        }
        Golden.assertCloseF32(label + " losses", got, Golden.data(wrap(losses)));
        Map<String, Tensor> finalState = model.stateDict();
        JsonNode want = run.get("final_state");
        assertThat(finalState.keySet()).containsExactlyElementsOf(() -> want.fieldNames());
        want.properties().forEach(e -> Golden.assertCloseF32(label + " " + e.getKey(),
                finalState.get(e.getKey()), e.getValue()));
    }

    private static JsonNode wrap(JsonNode data) {
        return new ObjectMapper().createObjectNode().set("data", data);
    }
}
