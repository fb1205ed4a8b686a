package io.streamgrad.pipeline;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.data.MinMaxScaler;
import io.streamgrad.data.Scaler;
import io.streamgrad.data.StandardScaler;
import io.streamgrad.nn.Linear;
import io.streamgrad.nn.Mlp;
import io.streamgrad.nn.Module;
import io.streamgrad.optim.Optimizer;
import io.streamgrad.optim.Optimizers;
import io.streamgrad.tensor.Backends;
import io.streamgrad.tensor.Device;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a trainer trains: the model architecture over the configured features and target, its loss,
 * optimizer, learning rate, scaler and divergence policy. Builds fresh models, optimizers and scalers.
 */
public record ModelSpec(String modelId, List<String> features, String target, String architecture, int[] hidden,
                        String activation, String loss, String optimizer, double learningRate, String scaler,
                        DivergencePolicy divergencePolicy, Device device) {

    /** The spec the configuration describes. */
    public static ModelSpec from(ConfigTree config) {
        return new ModelSpec(config.string("model.id"), config.strings("input.features"),
                config.string("input.target"), config.choice("model.architecture", "linear", "mlp"),
                config.integers("model.hidden"), config.choice("model.activation", Mlp.ACTIVATIONS.toArray(String[]::new)),
                config.choice("training.loss", "mse", "sse"), config.choice("training.optimizer", "sgd", "adam"),
                config.number("training.learning-rate"), config.choice("training.scaler", "minmax", "standard", "none"),
                DivergencePolicy.parse(config.string("training.divergence-policy")),
                device(config.choice("model.device", "cpu", "cuda", "auto")));
    }

    private static Device device(String name) {
        return switch (name) {
            case "auto" -> Backends.cudaAvailable() ? Device.cuda() : Device.cpu();
            default -> Device.parse(name);
        };
    }

    /** A model with PyTorch's default initialisation from the default generator. */
    public Module newModel() {
        Module model = architecture.equals("linear") ? new Linear(features.size(), 1)
                : Mlp.of(features.size(), hidden, 1, activation);
        return model.to(device);
    }

    /** A fresh optimizer of {@code model}'s parameters: the configured one with the configured learning rate. */
    public Optimizer newOptimizer(Module model) {
        return Optimizers.create(optimizer, model.parameters(), Map.of("lr", learningRate));
    }

    /** A fresh scaler, or null when rows are trained on unscaled. */
    public Scaler newScaler() {
        return switch (scaler) {
            case "minmax" -> new MinMaxScaler();
            case "standard" -> new StandardScaler();
            default -> null;
        };
    }

    /** A JSON description of the architecture for the model update's metadata. */
    public String architectureJson() {
        return architecture.equals("linear")
                ? "{\"type\":\"linear\",\"in_features\":" + features.size() + ",\"out_features\":1}"
                : "{\"type\":\"mlp\",\"in_features\":" + features.size() + ",\"hidden\":" + Arrays.toString(hidden)
                        + ",\"activation\":\"" + activation + "\",\"out_features\":1}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && s.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "ModelSpec[" + modelId + ", " + features + " -> " + target + ", " + architectureJson() + ", loss=" + loss
                + ", " + optimizer + "(lr=" + learningRate + "), scaler=" + scaler + ", " + divergencePolicy + ", "
                + device + "]";
    }
}
