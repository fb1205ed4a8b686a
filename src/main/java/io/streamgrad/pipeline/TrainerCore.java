package io.streamgrad.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trainer's logic between consuming and publishing, free of Kafka: decodes a batch of records,
 * dead-letters the bad ones, trains each row's model (one per model key), emits a loss record per step,
 * and every {@code publishEvery} batches emits the training state of every model that changed. The
 * caller sends the outputs and commits the offsets in one transaction when {@link BatchResult#publishDue()}.
 *
 * <p>Not thread-safe: one trainer thread calls it.
 */
public final class TrainerCore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelSpec spec;
    private final RowDecoder decoder;
    private final int publishEvery;
    private final ModelStore store;
    private final Map<String, TrainingState> states = new LinkedHashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private int batchesSincePublish;

    public TrainerCore(ModelSpec spec, RowDecoder decoder, int publishEvery, ModelStore store) {
        if (publishEvery < 1) {
            throw new IllegalArgumentException("training.publish-every must be >= 1, got " + publishEvery);
        }
        this.spec = spec;
        this.decoder = decoder;
        this.publishEvery = publishEvery;
        this.store = store;
    }

    /** A record with its decoding, which can happen on another thread before the batch is processed. */
    public record DecodedRecord(SourceRecord source, Decoded decoded) {
    }

    /** Decodes one record with this trainer's decoder (thread-safe: decoders are stateless). */
    public DecodedRecord decode(SourceRecord r) {
        return new DecodedRecord(r, decoder.decode(r.key(), r.value()));
    }

    /** Processes one batch in order. */
    public BatchResult process(List<SourceRecord> batch) {
        List<DecodedRecord> decoded = new ArrayList<>(batch.size());
        for (SourceRecord r : batch) {
            decoded.add(decode(r));
        }
        return processDecoded(decoded);
    }

    /** Processes one batch of already decoded records, in order. */
    public BatchResult processDecoded(List<DecodedRecord> batch) {
        List<Output> outputs = new ArrayList<>();
        Map<TopicPartitionKey, Long> offsets = new LinkedHashMap<>();
        Map<String, List<InputRow>> byModel = new LinkedHashMap<>();
        int rejected = 0;
        for (DecodedRecord d : batch) {
            SourceRecord r = d.source();
            offsets.merge(new TopicPartitionKey(r.topic(), r.partition()), r.offset() + 1, Math::max);
            switch (d.decoded()) {
                case Decoded.Row row -> byModel.computeIfAbsent(row.row().modelKey(), k -> new ArrayList<>()).add(row.row());
                case Decoded.Rejected why -> {
                    outputs.add(new Output.DeadLetter(r, why.reason()));
                    rejected++;
                }
            }
        }
        List<StepOutcome> steps = new ArrayList<>();
        byModel.forEach((key, rows) -> {
            TrainingState state = state(key);
            StepOutcome outcome = state.train(rows);
            steps.add(outcome);
            dirty.add(key);
            outputs.add(new Output.Metric(state.modelId(), metricJson(state, outcome)));
        });
        boolean due = ++batchesSincePublish >= publishEvery;
        if (due) {
            outputs.addAll(publications());
        }
        return new BatchResult(outputs, offsets, steps, due, rejected);
    }

    /** Publications of every model changed since the last publication (for shutdown, idle and rebalances). */
    public List<Output> publications() {
        List<Output> out = new ArrayList<>();
        for (String key : dirty) {
            TrainingState state = states.get(key);
            long version = state.markPublished();
            out.add(new Output.ModelPublication(state.modelId(), version, TrainingStateCodec.encode(state)));
        }
        dirty.clear();
        batchesSincePublish = 0;
        return out;
    }

    /** Whether some model changed since its last publication. */
    public boolean hasUnpublished() {
        return !dirty.isEmpty();
    }

    /** Forgets in-memory models (after a rebalance): they are restored from the store when next needed. */
    public void forgetModels() {
        states.clear();
        dirty.clear();
        batchesSincePublish = 0;
    }

    public Collection<TrainingState> states() {
        return states.values();
    }

    /** The model id of a key: the configured id, with {@code /key} when one model is trained per key. */
    public String modelId(String key) {
        return key.isEmpty() ? spec.modelId() : spec.modelId() + "/" + key;
    }

    private TrainingState state(String key) {
        return states.computeIfAbsent(key, k -> {
            String id = modelId(k);
            return store.latest(id).map(bytes -> TrainingStateCodec.decode(bytes, spec)).orElseGet(() -> {
                // Seeded by the model id, so a model restarted before its first publication starts the same.
                Tensor.manualSeed(id.hashCode());
                return TrainingState.fresh(spec, id);
            });
        });
    }

    private static String metricJson(TrainingState state, StepOutcome o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model_id", o.modelId());
        n.put("step", o.step());
        n.put("rows_seen", o.rowsSeen());
        n.put("batch_size", o.batchSize());
        putNumber(n, "loss", o.loss());
        n.put("learning_rate", o.learningRate());
        n.put("rolled_back", o.rolledBack());
        if (o.rolledBack()) {
            n.put("rollback_reason", o.rollbackReason());
        }
        putNumber(n, "gradient_norm", o.gradientNorm());
        putNumber(n, "weight_norm", o.weightNorm());
        n.put("version", state.version());
        return n.toString();
    }

    /** JSON has no NaN or infinity: such values are written as strings, as the golden format does. */
    private static void putNumber(ObjectNode n, String name, double v) {
        if (Double.isFinite(v)) {
            n.put(name, v);
        } else {
            n.put(name, Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
        }
    }
}
