package io.streamgrad.pipeline;

/**
 * One decoded training row: its features and target in the data's original units, and the key of the
 * model it trains ({@code ""} when one model learns from all rows).
 */
public record InputRow(String modelKey, double[] features, double target) {
}
