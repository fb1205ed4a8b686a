package io.streamgrad.tensor;

/** Counts in-place modifications of a storage region; shared by a tensor and all its views. */
final class VersionCounter {
    private int version;

    int get() {
        return version;
    }

    void bump() {
        version++;
    }
}
