package io.streamgrad.pipeline;

import io.streamgrad.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A published model update as a consumer sees it: the metadata's counters and descriptions, and the
 * model's own tensors (scaler and optimizer entries left out).
 */
public record ModelUpdate(String modelId, long version, long step, long rowsSeen, double lastLoss,
                          String architecture, String features, String target, Map<String, String> metadata,
                          Map<String, Tensor> weights) {

    static ModelUpdate of(Map<String, String> meta, Map<String, Tensor> tensors) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (!name.startsWith("scaler.") && !name.startsWith("optim.")) {
                weights.put(name, t);
            }
        });
        return new ModelUpdate(meta.get("model_id"), Long.parseLong(meta.getOrDefault("version", "0")),
                Long.parseLong(meta.getOrDefault("step", "0")), Long.parseLong(meta.getOrDefault("rows_seen", "0")),
                Double.parseDouble(meta.getOrDefault("last_loss", "NaN")), meta.get("architecture"),
                meta.get("features"), meta.get("target"), Map.copyOf(meta), weights);
    }
}
