package io.streamgrad.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Consecutive input records, decoded into columns: where each came from (topic, partition, offset), and either
 * its row (features, target, model key) or why it was rejected. The trainer's unit of transport: a poll's
 * records are decoded into one block off the trainer thread, and batches are cut from blocks
 * ({@link BlockSlice}) and trained from primitive arrays, with no object per row.
 *
 * <p>Immutable once built; the original record (for a dead letter) is rebuilt on demand by {@link #source(int)}.
 */
public final class RecordBlock {
    private final int size;
    private final int featureCount;
    private final String[] topics;
    private final int[] partitions;
    private final long[] offsets;
    private final double[] features;
    private final double[] targets;
    private final String[] modelKeys;
    private final String[] rejections;
    private final int rejected;
    private final IntFunction<SourceRecord> sources;

    private RecordBlock(Builder b) {
        this.size = b.size;
        this.featureCount = b.featureCount;
        this.topics = b.topics;
        this.partitions = b.partitions;
        this.offsets = b.offsets;
        this.features = b.features;
        this.targets = b.targets;
        this.modelKeys = b.modelKeys;
        this.rejections = b.rejections;
        this.rejected = b.rejected;
        this.sources = b.sources;
    }

    /**
     * A builder decoding up to {@code capacity} records with {@code decoder}.
     *
     * @param sources the original record at an index, for dead letters (asked only for rejected records)
     */
    public static Builder builder(RowDecoder decoder, int capacity, IntFunction<SourceRecord> sources) {
        return new Builder(decoder, capacity, sources);
    }

    /** A block of these records, decoded. */
    public static RecordBlock decode(RowDecoder decoder, List<SourceRecord> records) {
        Builder b = builder(decoder, records.size(), records::get);
        for (SourceRecord r : records) {
            b.add(r.topic(), r.partition(), r.offset(), r.key(), r.value());
        }
        return b.build();
    }

    /** The number of records, rejected ones included. */
    public int size() {
        return size;
    }

    /** The number of features per row, as the decoder's. */
    public int featureCount() {
        return featureCount;
    }

    /** How many records of the block were rejected. */
    public int rejectedCount() {
        return rejected;
    }

    /** The topic record {@code i} was read from. */
    public String topic(int i) {
        return topics[i];
    }

    /** The partition record {@code i} was read from. */
    public int partition(int i) {
        return partitions[i];
    }

    /** The offset of record {@code i} in its partition. */
    public long offset(int i) {
        return offsets[i];
    }

    /** Whether records {@code i} and {@code j} come from the same topic partition. */
    public boolean samePartition(int i, int j) {
        return partitions[i] == partitions[j] && topics[i].equals(topics[j]);
    }

    /** The block cut into runs of consecutive records of one partition, in order (a poll gives one per partition). */
    public List<BlockSlice> partitionRuns() {
        List<BlockSlice> runs = new ArrayList<>(1);
        int from = 0;
        for (int i = 1; i <= size; i++) {
            if (i == size || !samePartition(i, from)) {
                runs.add(new BlockSlice(this, from, i));
                from = i;
            }
        }
        return runs;
    }

    /** Why record {@code i} cannot be trained on, or null when it is a row. */
    public String rejection(int i) {
        return rejections == null ? null : rejections[i];
    }

    /** The model key of row {@code i} ({@code ""} for the single model). */
    public String modelKey(int i) {
        return modelKeys[i];
    }

    /** The target of row {@code i}; meaningless (0) for a rejected record. */
    public double target(int i) {
        return targets[i];
    }

    /** Copies row {@code i}'s features to {@code dest[at .. at + featureCount())}. */
    public void copyFeatures(int i, double[] dest, int at) {
        System.arraycopy(features, i * featureCount, dest, at, featureCount);
    }

    /** The original record {@code i}: key, value, headers (built on demand, for dead letters). */
    public SourceRecord source(int i) {
        return sources.apply(i);
    }

    /** The whole block as one slice. */
    public BlockSlice all() {
        return new BlockSlice(this, 0, size);
    }

    /** Decodes records one by one into a block's columns (one thread). */
    public static final class Builder {
        private final RowDecoder decoder;
        private final IntFunction<SourceRecord> sources;
        private final int featureCount;
        private final RowSlot slot = new RowSlot();
        private final String[] topics;
        private final int[] partitions;
        private final long[] offsets;
        private final double[] features;
        private final double[] targets;
        private final String[] modelKeys;
        private String[] rejections;
        private int rejected;
        private int size;
        private boolean built;

        private Builder(RowDecoder decoder, int capacity, IntFunction<SourceRecord> sources) {
            this.decoder = decoder;
            this.sources = sources;
            this.featureCount = decoder.featureCount();
            this.topics = new String[capacity];
            this.partitions = new int[capacity];
            this.offsets = new long[capacity];
            this.features = new double[capacity * featureCount];
            this.targets = new double[capacity];
            this.modelKeys = new String[capacity];
        }

        /** Decodes the next record; its index in the block is the number of records added before it. */
        public Builder add(String topic, int partition, long offset, byte[] key, byte[] value) {
            checkNotBuilt("add a record to");
            if (size == topics.length) {
                throw new IllegalStateException("this block holds " + topics.length + " records; build it first");
            }
            int i = size++;
            topics[i] = topic;
            partitions[i] = partition;
            offsets[i] = offset;
            String rejection = decoder.decodeInto(key, value, features, i * featureCount, slot);
            if (rejection != null) {
                if (rejections == null) {
                    rejections = new String[topics.length];
                }
                rejections[i] = rejection;
                rejected++;
                Arrays.fill(features, i * featureCount, (i + 1) * featureCount, 0);
            } else {
                targets[i] = slot.target;
                modelKeys[i] = slot.modelKey;
            }
            return this;
        }

        /**
         * The block of the records added so far. The block takes over the builder's arrays (no copy, as this is
         * the trainer's hot path), so a builder builds once: {@link #add} and {@code build} refuse afterwards.
         *
         * @throws IllegalStateException if this builder has already built its block
         */
        public RecordBlock build() {
            checkNotBuilt("build");
            built = true;
            return new RecordBlock(this);
        }

        private void checkNotBuilt(String action) {
            if (built) {
                throw new IllegalStateException("cannot " + action + " a block builder that has already built its "
                        + "block (of " + size + " records): the block shares the builder's arrays and is immutable;"
                        + " start a new builder");
            }
        }
    }
}
