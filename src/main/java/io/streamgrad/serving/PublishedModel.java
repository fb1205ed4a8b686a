package io.streamgrad.serving;

import io.streamgrad.pipeline.ModelUpdate;

/** A model update read from the model topic: its description and the encoded training state. */
public record PublishedModel(ModelUpdate update, byte[] state) {
}
