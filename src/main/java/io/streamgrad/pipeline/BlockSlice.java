package io.streamgrad.pipeline;

/**
 * Records {@code [from, to)} of a {@link RecordBlock}: a batch is a list of slices, as records of one batch
 * may come from several polls and a poll's records may fill several batches.
 */
public record BlockSlice(RecordBlock block, int from, int to) {
    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException unless {@code 0 <= from <= to <= block.size()}
     */
    public BlockSlice {
        if (from < 0 || to < from || to > block.size()) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of a block of " + block.size()
                    + " records");
        }
    }

    /** The number of records in the slice, rejected ones included. */
    public int size() {
        return to - from;
    }
}
