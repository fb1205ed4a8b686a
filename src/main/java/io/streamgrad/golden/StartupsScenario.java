package io.streamgrad.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.data.MinMaxScaler;
import io.streamgrad.nn.Linear;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seminar's 50_Startups regression: {@code nn.Linear(3, 1)} from the file's initial weight and bias,
 * trained by hand ({@code loss = ((model(X) - y)**2).sum()}, {@code backward()}, {@code p -= eta * p.grad})
 * on the raw data (the loss explodes to inf and nan) and on min-max scaled data (it falls). Each run object
 * is checked: its losses (the last ones of the run when the run's key ends in {@code _N} steps), the final
 * parameters, and the scalers' attributes.
 */
final class StartupsScenario {
    private static final Pattern STEPS_SUFFIX = Pattern.compile("_(\\d+)$");

    private StartupsScenario() {
    }

    static List<String> run(JsonNode s, Device device) {
        List<String> problems = new ArrayList<>();
        StartupsData data = StartupsData.load();
        Linear layer = new Linear(3, 1);
        if (s.has("layer_repr") && !layer.toString().equals(s.get("layer_repr").asText())) {
            problems.add("layer repr " + layer + ", want " + s.get("layer_repr").asText());
        }
        checkScaler(problems, "scaler_x", s.get("scaler_x"), data.scalerX());
        checkScaler(problems, "scaler_y", s.get("scaler_y"), data.scalerY());
        checkFirstRows(problems, s.get("X_scaled_first_rows"), data.xScaled());
        s.properties().forEach(e -> {
            JsonNode run = e.getValue();
            if (run.isObject() && run.has("losses") && run.has("eta")) {
                boolean scaled = !e.getKey().startsWith("raw");
                Tensor x = (scaled ? data.xScaled() : data.xRaw()).to(device);
                Tensor y = (scaled ? data.yScaled() : data.yRaw()).to(device);
                problems.addAll(train(e.getKey(), run, s, x, y, device));
            }
        });
        return problems;
    }

    private static List<String> train(String name, JsonNode run, JsonNode s, Tensor x, Tensor y, Device device) {
        List<String> problems = new ArrayList<>();
        Linear model = new Linear(3, 1);
        Map<String, Tensor> init = new LinkedHashMap<>();
        init.put("weight", TensorSpec.toTensor(s.get("init_weight"), Device.cpu()));
        init.put("bias", TensorSpec.toTensor(s.get("init_bias"), Device.cpu()));
        model.loadStateDict(init);
        model.to(device);
        JsonNode wantLosses = run.get("losses");
        Matcher m = STEPS_SUFFIX.matcher(name);
        int steps = m.find() ? Integer.parseInt(m.group(1)) : wantLosses.size();
        double eta = run.get("eta").asDouble();
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            Tensor loss = model.forward(x).sub(y).pow(2L).sum();
            losses[step] = loss.item();
            loss.backward();
            try (GradScope ignored = Autograd.noGrad()) {
                for (Tensor p : model.parameters()) {
                    p.sub_(p.grad().mul(eta));
                    p.grad().zero_();
                }
            }
        }
        int first = steps - wantLosses.size();
        for (int i = 0; i < wantLosses.size(); i++) {
            SimpleRegressionScenario.expectNumber(problems, name + " loss " + (first + i), wantLosses.get(i),
                    losses[first + i]);
        }
        problems.addAll(TensorSpec.compare(name + " final_weight", run.get("final_weight"), model.weight()));
        problems.addAll(TensorSpec.compare(name + " final_bias", run.get("final_bias"), model.bias()));
        return problems;
    }

    private static void checkScaler(List<String> problems, String name, JsonNode want, MinMaxScaler got) {
        if (want == null) {
            return;
        }
        Map<String, double[]> attributes = Map.of("data_min", got.dataMin(), "data_max", got.dataMax(),
                "min", got.min(), "scale", got.scale());
        attributes.forEach((key, values) -> {
            JsonNode w = want.get(key);
            for (int i = 0; w != null && i < w.size(); i++) {
                TensorSpec.compareNumber(DType.FLOAT64, w.get(i).asDouble(), values[i]).ifPresent(diff ->
                        problems.add(name + "." + key + " differs " + diff));
            }
        });
    }

    private static void checkFirstRows(List<String> problems, JsonNode want, Tensor xScaled) {
        if (want == null) {
            return;
        }
        double[] got = xScaled.toDoubleArray();
        int cols = xScaled.size(1);
        for (int i = 0; i < want.size(); i++) {
            for (int j = 0; j < want.get(i).size(); j++) {
                int at = i * cols + j;
                TensorSpec.compareNumber(DType.FLOAT32, want.get(i).get(j).asDouble(), got[at]).ifPresent(diff ->
                        problems.add("X_scaled_first_rows[" + at + "] differs " + diff));
            }
        }
    }
}
