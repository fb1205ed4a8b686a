package io.streamgrad.pipeline;

/** The outcome of decoding one record: a row to train on, or a rejection with its reason. */
public sealed interface Decoded {
    /** A valid row. */
    record Row(InputRow row) implements Decoded {
    }

    /** A record that cannot be trained on; it goes to the dead-letter topic with this reason. */
    record Rejected(String reason) implements Decoded {
    }
}
