package io.streamgrad.pipeline;

/**
 * Records {@code [from, to)} of a {@link RecordBlock}: a batch is a list of slices, as records of one batch
 * may come from several polls and a poll's records may fill several batches.
 */
public record BlockSlice(RecordBlock block, int from, int to) {
    public BlockSlice {
        if (from < 0 || to < from || to > block.size()) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of a block of " + block.size()
                    + " records");
        }
    }

    public int size() {
        return to - from;
    }
}
