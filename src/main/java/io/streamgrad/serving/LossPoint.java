package io.streamgrad.serving;

/** One point of the loss curve: the loss of the step with this number (scaled units when a scaler is used). */
public record LossPoint(long step, double loss) {
}
