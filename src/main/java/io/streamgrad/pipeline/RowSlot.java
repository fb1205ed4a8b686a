package io.streamgrad.pipeline;

/**
 * Where {@link RowDecoder#decodeInto} writes a row's target and model key (its features go straight into an
 * array): one reusable holder per decoding thread instead of an object per row.
 */
final class RowSlot {
    double target;
    String modelKey;
}
