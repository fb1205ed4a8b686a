package io.streamgrad.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamgrad.pipeline.ModelSpec;
import io.streamgrad.pipeline.ModelUpdate;
import io.streamgrad.pipeline.TrainingState;
import io.streamgrad.pipeline.TrainingStateCodec;
import io.streamgrad.tensor.Device;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The model being served, swapped atomically as updates arrive from the model topic.
 *
 * <p>{@link #update(byte[])} rebuilds the whole model from an update's bytes before publishing it with one
 * reference swap, so a request sees either the old model or the new one, never a mixture, and never fails
 * because of a swap. Updates of other model ids, and versions not newer than the one served (a replay of
 * the compacted topic), are ignored. Models are rebuilt on the CPU whatever {@code model.device} says: a
 * prediction is a few rows, and the GPU belongs to the trainer.
 *
 * <p>Thread-safety: any thread may call any method; the subscriber thread calls {@code update}.
 */
public final class ModelHolder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelSpec spec;
    private final String modelId;
    private final Consumer<ModelUpdate> onSwap;
    private final AtomicReference<ServedModel> current = new AtomicReference<>();

    /** Serves {@code modelId}, trained as {@code spec} describes. */
    public ModelHolder(ModelSpec spec, String modelId) {
        this(spec, modelId, update -> { });
    }

    /** As {@link #ModelHolder(ModelSpec, String)}, and calls {@code onSwap} after each swap (e.g. a status feed). */
    public ModelHolder(ModelSpec spec, String modelId, Consumer<ModelUpdate> onSwap) {
        this.spec = onCpu(spec);
        this.modelId = modelId;
        this.onSwap = onSwap;
    }

    private static ModelSpec onCpu(ModelSpec s) {
        return new ModelSpec(s.modelId(), s.features(), s.target(), s.architecture(), s.hidden(), s.activation(),
                s.loss(), s.optimizer(), s.learningRate(), s.scaler(), s.divergencePolicy(), Device.cpu());
    }

    /**
     * Serves the training state in {@code state} (a model topic record's value) if it is a newer version of
     * this holder's model.
     *
     * @return whether it is now served; false for another model id or a version not newer than the current
     * @throws IllegalArgumentException when the bytes are not a training state, or one this configuration
     *                                  cannot serve (other features or architecture); the current model stays
     */
    public boolean update(byte[] state) {
        return update(describe(state), state);
    }

    /** As {@link #update(byte[])}, for an update {@link ModelSubscriber} already described. */
    public boolean update(PublishedModel published) {
        return update(published.update(), published.state());
    }

    private boolean update(ModelUpdate update, byte[] state) {
        if (!modelId.equals(update.modelId())) {
            return false;
        }
        // Before the version check: a server configured for other features must say so even on a replay.
        checkFeatures(update);
        if (!newer(update.version(), current.get())) {
            return false;
        }
        ServedModel next = new ServedModel(update, decode(state, update));
        // A concurrent newer update may have won meanwhile: only ever move forward.
        ServedModel winner = current.accumulateAndGet(next, (old, candidate) -> newer(candidate.version(), old)
                ? candidate : old);
        if (winner != next) {
            return false;
        }
        onSwap.accept(update);
        return true;
    }

    private static boolean newer(long version, ServedModel served) {
        return served == null || version > served.version();
    }

    private static ModelUpdate describe(byte[] state) {
        try {
            return TrainingStateCodec.describe(state);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a streamgrad model update (" + e.getMessage() + "); the model"
                    + " topic should only hold training states that a trainer published", e);
        }
    }

    private void checkFeatures(ModelUpdate update) {
        List<String> trained;
        try {
            trained = JSON.readValue(update.features(), new TypeReference<>() { });
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("model update v" + update.version() + " of '" + modelId
                    + "' has no readable feature list (metadata 'features' is " + update.features() + ")", e);
        }
        if (!trained.equals(spec.features())) {
            throw new IllegalArgumentException("model update v" + update.version() + " of '" + modelId
                    + "' was trained on features " + trained + " but this server is configured for "
                    + spec.features() + " (input.features); serve with the trainer's configuration");
        }
    }

    private TrainingState decode(byte[] state, ModelUpdate update) {
        try {
            return TrainingStateCodec.decode(state, spec);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot serve model update v" + update.version() + " of '" + modelId
                    + "': " + e.getMessage(), e);
        }
    }

    /** The model served now, empty before the first update arrived. */
    public Optional<ServedModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** The model id this holder serves. */
    public String modelId() {
        return modelId;
    }

    /** The features a request must give, in the order the model takes them. */
    public List<String> features() {
        return spec.features();
    }
}
