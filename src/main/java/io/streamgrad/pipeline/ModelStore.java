package io.streamgrad.pipeline;

import java.util.Optional;

/** The last committed training state of each model, as read back from the model topic. */
public interface ModelStore {
    /** The latest committed state of {@code modelId}, if one was ever published. */
    Optional<byte[]> latest(String modelId);

    /** A store that knows no model: every model starts fresh. */
    static ModelStore empty() {
        return modelId -> Optional.empty();
    }
}
