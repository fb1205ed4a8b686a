package io.streamgrad.serving;

import io.streamgrad.pipeline.ModelUpdate;
import io.streamgrad.pipeline.TrainingState;

/**
 * One published version of a model, ready to predict. Immutable once built: it is never trained, so any
 * number of threads may predict with it at once (grad mode is per thread; a forward pass only reads the
 * parameters and the scalers).
 */
public final class ServedModel {
    private final ModelUpdate update;
    private final TrainingState state;

    ServedModel(ModelUpdate update, TrainingState state) {
        this.update = update;
        this.state = state;
    }

    /** Predictions in the target's original units for rows of features in their original units. */
    public double[] predict(double[][] features) {
        return state.predict(features);
    }

    /** The model's id, its key on the model topic. */
    public String modelId() {
        return update.modelId();
    }

    /** The version this state was published as. */
    public long version() {
        return update.version();
    }

    /** The update's metadata, counters and weights as published. */
    public ModelUpdate update() {
        return update;
    }
}
