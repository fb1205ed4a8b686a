package io.streamgrad.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.streamgrad.data.Float64Tolerance.assertClose;
import static io.streamgrad.data.Float64Tolerance.matrix;
import static io.streamgrad.data.Float64Tolerance.vector;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays {@code tests/resources/data/sklearn_scalers.json}, written by real scikit-learn
 * ({@code tests/python/make_scaler_fixture.py}): each case fits a scaler (whole, or by {@code partial_fit} on
 * the listed batch sizes) and records its attributes and the transform and inverse transform of a probe.
 */
class SklearnScalersTest {

    @TestFactory
    List<DynamicTest> scalersMatchScikitLearn() throws IOException {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/data/sklearn_scalers.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(c)));
        }
        return tests;
    }

    private static void replay(JsonNode c) {
        Scaler scaler = construct(c.get("estimator").asText(), c.get("kwargs"));
        double[][] x = matrix(c.get("X"));
        int start = 0;
        for (JsonNode size : c.get("batches")) {
            scaler.partialFit(Arrays.copyOfRange(x, start, start + size.asInt()));
            start += size.asInt();
        }
        JsonNode want = c.get("attributes");
        assertThat(scaler.nSamplesSeen()).isEqualTo(want.get("n_samples_seen").asLong());
        List<String> compared = new ArrayList<>();
        for (var attribute : want.properties()) {
            if (!attribute.getKey().equals("n_samples_seen")) {
                assertClose(attribute.getKey() + "_", vector(attribute.getValue()),
                        attribute(scaler, attribute.getKey()));
                compared.add(attribute.getKey());
            }
        }
        assertThat(compared).isNotEmpty();
        double[][] probe = matrix(c.get("probe"));
        assertClose("transform", matrix(c.get("transform")), scaler.transform(probe));
        assertClose("inverse_transform", matrix(c.get("inverse_transform")), scaler.inverseTransform(probe));
    }

    private static Scaler construct(String estimator, JsonNode kwargs) {
        return switch (estimator) {
            case "MinMaxScaler" -> kwargs.has("feature_range")
                    ? new MinMaxScaler(kwargs.get("feature_range").get(0).asDouble(),
                            kwargs.get("feature_range").get(1).asDouble())
                    : new MinMaxScaler();
            case "StandardScaler" -> new StandardScaler(kwargs.path("with_mean").asBoolean(true),
                    kwargs.path("with_std").asBoolean(true));
            default -> throw new AssertionError("unknown estimator " + estimator);
        };
    }

    private static double[] attribute(Scaler scaler, String name) {
        if (scaler instanceof StandardScaler s) {
            return switch (name) {
                case "mean" -> s.mean();
                case "var" -> s.var();
                case "scale" -> s.scale();
                default -> throw new AssertionError("StandardScaler has no " + name + "_");
            };
        }
        MinMaxScaler m = (MinMaxScaler) scaler;
        return switch (name) {
            case "data_min" -> m.dataMin();
            case "data_max" -> m.dataMax();
            case "data_range" -> m.dataRange();
            case "min" -> m.min();
            case "scale" -> m.scale();
            default -> throw new AssertionError("MinMaxScaler has no " + name + "_");
        };
    }
}
