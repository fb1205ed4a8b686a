package io.streamgrad.pipeline;

/**
 * How {@link KafkaTrainer} divides {@code training.max-in-flight-rows} (C) among the places a received row
 * can be before a step consumes it, so that together they never exceed C: chunks of at most
 * {@link #chunkRecords} records (the consumer's {@code max.poll.records}), {@value #CHUNKS_IN_TRANSIT} chunks
 * past the receiver (read ahead for the trainer thread, or being handled there), fewer than B =
 * {@code training.batch-size} rows waiting to complete a batch, and the receiver's buffer,
 * {@link #receiverCapacity}, which holds at least two chunks.
 *
 * @param chunkRecords     records per chunk, at most {@value #MAX_CHUNK_RECORDS}
 * @param receiverCapacity the receiver's {@code bufferCapacity}
 */
record InFlightBudget(int chunkRecords, int receiverCapacity) {
    /**
     * Chunks the trainer asks for ahead of the one it handles. The receiver fetches only for outstanding demand,
     * so this is the read-ahead that hides a fetch's round trip: at millions of rows/s a fetch takes as long as
     * training several chunks.
     */
    static final int PREFETCH_CHUNKS = 8;
    /** Chunks past the receiver at most: those read ahead (in {@code concatMap}'s queue), and the one being handled. */
    static final int CHUNKS_IN_TRANSIT = PREFETCH_CHUNKS + 1;
    /** The largest chunk worth having: larger polls do not make the consumer faster (the bare benchmark's 2,000). */
    static final int MAX_CHUNK_RECORDS = 2000;

    /**
     * The budget of {@code maxInFlightRows} for batches of {@code batchSize}.
     *
     * @throws IllegalArgumentException when the bound is too small to hold a batch and the chunks around it
     */
    static InFlightBudget of(int maxInFlightRows, int batchSize) {
        int room = maxInFlightRows - (batchSize - 1);
        int chunk = Math.min(MAX_CHUNK_RECORDS, room / (CHUNKS_IN_TRANSIT + 2));
        if (chunk < 1) {
            throw new IllegalArgumentException("training.max-in-flight-rows is " + maxInFlightRows
                    + ", too small for training.batch-size " + batchSize + ": it must be at least batch-size + "
                    + (CHUNKS_IN_TRANSIT + 1) + " (rows waiting to complete a batch, plus room for the chunks"
                    + " between Kafka and the trainer); raise it, e.g. to " + (batchSize + 4096));
        }
        return new InFlightBudget(chunk, maxInFlightRows - CHUNKS_IN_TRANSIT * chunk - (batchSize - 1));
    }
}
