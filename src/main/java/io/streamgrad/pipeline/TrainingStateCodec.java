package io.streamgrad.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.data.Scaler;
import io.streamgrad.io.Safetensors;
import io.streamgrad.io.SafetensorsData;
import io.streamgrad.nn.Module;
import io.streamgrad.optim.Optimizer;
import io.streamgrad.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training state as one safetensors message: the model's tensors under PyTorch's state-dict names
 * ({@code weight}, {@code bias}, {@code 0.weight}, ...), the scalers under {@code scaler.x.} and
 * {@code scaler.y.}, the optimizer's state tensors under {@code optim.state.<param>.<name>}, and
 * {@code __metadata__} with the model id, version, step, rows seen, last loss, architecture, feature and
 * target names and the optimizer's parameter groups. A PyTorch service reads it with
 * {@code safetensors.torch.load(value)} and {@code model.load_state_dict(..., strict=False)}.
 */
public final class TrainingStateCodec {
    static final String FORMAT = "streamgrad.training-state/1";
    private static final String SCALER_X = "scaler.x.";
    private static final String SCALER_Y = "scaler.y.";
    private static final String OPTIM_STATE = "optim.state.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingStateCodec() {
    }

    /**
     * The safetensors bytes of {@code state} as laid out above, with its current {@link TrainingState#version()}.
     * Reads the live state: call it on the thread that trains it.
     */
    public static byte[] encode(TrainingState state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(state.model().stateDict());
        putScaler(tensors, SCALER_X, state.scalerX());
        putScaler(tensors, SCALER_Y, state.scalerY());
        Map<String, Object> optim = state.optimizer().stateDict();
        Map<?, ?> optimState = (Map<?, ?>) optim.get("state");
        optimState.forEach((param, entries) -> ((Map<?, ?>) entries).forEach((name, value) -> {
            if (value instanceof Tensor t) {
                tensors.put(OPTIM_STATE + param + "." + name, t);
            }
        }));
        ModelSpec spec = state.spec();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("model_id", state.modelId());
        meta.put("version", Long.toString(state.version()));
        meta.put("step", Long.toString(state.step()));
        meta.put("rows_seen", Long.toString(state.rowsSeen()));
        meta.put("rolled_back_steps", Long.toString(state.rolledBackSteps()));
        meta.put("last_loss", Double.toString(state.lastLoss()));
        meta.put("architecture", spec.architectureJson());
        meta.put("features", json(spec.features()));
        meta.put("target", spec.target());
        meta.put("loss", spec.loss());
        meta.put("optimizer", spec.optimizer());
        meta.put("scaler", spec.scaler());
        meta.put("learning_rate", Double.toString(state.learningRate()));
        meta.put("optim.param_groups", json(optim.get("param_groups")));
        return Safetensors.save(tensors, meta);
    }

    private static void putScaler(Map<String, Tensor> tensors, String prefix, Scaler scaler) {
        if (scaler != null && scaler.isFitted()) {
            scaler.stateDict().forEach((k, v) -> tensors.put(prefix + k, v));
        }
    }

    /** The metadata of an encoded state, without rebuilding the model. */
    public static ModelUpdate describe(byte[] bytes) {
        SafetensorsData data = Safetensors.load(bytes);
        return ModelUpdate.of(data.metadata(), data.tensors());
    }

    /** Rebuilds the training state {@code bytes} holds, for a trainer configured with {@code spec}. */
    public static TrainingState decode(byte[] bytes, ModelSpec spec) {
        SafetensorsData data = Safetensors.load(bytes);
        Map<String, String> meta = data.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IllegalArgumentException("not a streamgrad training state (format " + meta.get("format") + ")");
        }
        if (!spec.architectureJson().equals(meta.get("architecture"))) {
            throw new IllegalArgumentException("the published model is " + meta.get("architecture")
                    + " but this trainer is configured for " + spec.architectureJson());
        }
        // Same architecture is not the same model: weights learned over other columns, or in another scaler's
        // units, would go on training (or predicting) silently wrong.
        requireSame(meta, "features", json(spec.features()), "input.features");
        requireSame(meta, "target", spec.target(), "input.target");
        requireSame(meta, "scaler", spec.scaler(), "training.scaler");
        Map<String, Tensor> modelTensors = new LinkedHashMap<>();
        Map<String, Tensor> sx = new LinkedHashMap<>();
        Map<String, Tensor> sy = new LinkedHashMap<>();
        Map<String, Map<String, Object>> optimState = new LinkedHashMap<>();
        data.tensors().forEach((name, t) -> {
            if (name.startsWith(SCALER_X)) {
                sx.put(name.substring(SCALER_X.length()), t);
            } else if (name.startsWith(SCALER_Y)) {
                sy.put(name.substring(SCALER_Y.length()), t);
            } else if (name.startsWith(OPTIM_STATE)) {
                String rest = name.substring(OPTIM_STATE.length());
                int dot = rest.indexOf('.');
                optimState.computeIfAbsent(rest.substring(0, dot), k -> new LinkedHashMap<>())
                        .put(rest.substring(dot + 1), t);
            } else {
                modelTensors.put(name, t);
            }
        });
        Module model = spec.newModel();
        model.loadStateDict(modelTensors);
        Optimizer optimizer = spec.newOptimizer(model);
        Map<String, Object> optim = new LinkedHashMap<>();
        optim.put("state", optimState);
        optim.put("param_groups", parse(meta.get("optim.param_groups")));
        optimizer.loadStateDict(optim);
        Scaler scalerX = spec.newScaler();
        Scaler scalerY = spec.newScaler();
        if (scalerX != null && !sx.isEmpty()) {
            scalerX.loadStateDict(sx);
            scalerY.loadStateDict(sy);
        }
        TrainingState state = new TrainingState(spec, meta.get("model_id"), model, optimizer, scalerX, scalerY);
        state.restoreCounters(Long.parseLong(meta.get("version")), Long.parseLong(meta.get("step")),
                Long.parseLong(meta.get("rows_seen")), Long.parseLong(meta.getOrDefault("rolled_back_steps", "0")),
                Double.parseDouble(meta.get("last_loss")));
        return state;
    }

    private static void requireSame(Map<String, String> meta, String key, String configured, String setting) {
        String trained = meta.get(key);
        if (trained != null && !trained.equals(configured)) {
            throw new IllegalArgumentException("the published model " + meta.get("model_id") + " was trained with "
                    + setting + " " + trained + " but this configuration has " + configured + "; use the"
                    + " configuration it was trained with, or a new model.id for the new one");
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad optim.param_groups metadata: " + e.getOriginalMessage());
        }
    }
}
