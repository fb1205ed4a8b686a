package io.streamgrad.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.nn.Linear;
import io.streamgrad.nn.Module;
import io.streamgrad.nn.ReLU;
import io.streamgrad.nn.Sequential;
import io.streamgrad.nn.Sigmoid;
import io.streamgrad.nn.Tanh;
import io.streamgrad.optim.Optimizer;
import io.streamgrad.optim.Optimizers;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Functional;
import io.streamgrad.tensor.Reduction;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An MLP built from the scenario's printed {@code Sequential} repr and initial state dict, trained
 * full-batch on the scaled 50_Startups data with {@code mse_loss} once per optimizer run; every loss and
 * the final state dict are checked.
 */
final class MlpScenario {
    private static final Pattern CHILD = Pattern.compile("^\\s*\\((\\d+)\\): (\\w+)\\((.*)\\)$");
    private static final Pattern INT_ARG = Pattern.compile("(\\w+)=(\\w+)");
    private static final Set<String> NOT_OPTIONS = Set.of("optimizer", "steps", "losses", "final_state");

    private MlpScenario() {
    }

    static List<String> run(JsonNode s, Device device) {
        List<String> problems = new ArrayList<>();
        Sequential probe = build(s.get("repr").asText());
        if (!probe.toString().equals(s.get("repr").asText())) {
            problems.add("repr\n" + probe + "\nwant\n" + s.get("repr").asText());
        }
        StartupsData data = StartupsData.load();
        Tensor x = data.xScaled().to(device);
        Tensor y = data.yScaled().to(device);
        Reduction reduction = reduction(s.path("loss").asText("mse_loss(reduction='mean')"));
        for (JsonNode run : s.get("runs")) {
            String label = run.get("optimizer").asText() + " " + options(run);
            Sequential model = build(s.get("repr").asText());
            model.loadStateDict(stateDict(s.get("init_state")));
            model.to(device);
            Optimizer opt = Optimizers.create(run.get("optimizer").asText(), model.parameters(), options(run));
            JsonNode wantLosses = run.get("losses");
            int steps = run.path("steps").asInt(wantLosses.size());
            double[] losses = new double[steps];
            for (int step = 0; step < steps; step++) {
                opt.zeroGrad();
                Tensor loss = Functional.mseLoss(model.forward(x), y, reduction);
                loss.backward();
                opt.step();
                losses[step] = loss.item();
            }
            int first = steps - wantLosses.size();
            for (int i = 0; i < wantLosses.size(); i++) {
                SimpleRegressionScenario.expectNumber(problems, label + " loss " + (first + i), wantLosses.get(i),
                        losses[first + i]);
            }
            Map<String, Tensor> state = model.stateDict();
            run.get("final_state").properties().forEach(e ->
                    problems.addAll(TensorSpec.compare(label + " " + e.getKey(), e.getValue(), state.get(e.getKey()))));
        }
        return problems;
    }

    /** Rebuilds the model from PyTorch's printout of it. */
    static Sequential build(String repr) {
        Sequential model = new Sequential();
        for (String line : repr.split("\n")) {
            Matcher m = CHILD.matcher(line);
            if (m.matches()) {
                model.append(module(m.group(2), m.group(3)));
            }
        }
        return model;
    }

    private static Module module(String type, String args) {
        Map<String, String> kw = new LinkedHashMap<>();
        Matcher m = INT_ARG.matcher(args);
        while (m.find()) {
            kw.put(m.group(1), m.group(2));
        }
        return switch (type) {
            case "Linear" -> new Linear(Integer.parseInt(kw.get("in_features")), Integer.parseInt(kw.get("out_features")),
                    !"False".equals(kw.get("bias")));
            case "ReLU" -> new ReLU();
            case "Tanh" -> new Tanh();
            case "Sigmoid" -> new Sigmoid();
            default -> throw new IllegalArgumentException("no module " + type + " in this build");
        };
    }

    private static Reduction reduction(String loss) {
        Matcher m = Pattern.compile("reduction='(\\w+)'").matcher(loss);
        return m.find() ? Reduction.parse(m.group(1)) : Reduction.MEAN;
    }

    private static Map<String, Tensor> stateDict(JsonNode specs) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        specs.properties().forEach(e -> state.put(e.getKey(), TensorSpec.toTensor(e.getValue(), Device.cpu())));
        return state;
    }

    private static Map<String, Object> options(JsonNode run) {
        Map<String, Object> options = new LinkedHashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        run.properties().forEach(e -> {
            if (!NOT_OPTIONS.contains(e.getKey())) {
                options.put(e.getKey(), mapper.convertValue(e.getValue(), Object.class));
            }
        });
        return options;
    }
}
