package io.streamgrad.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonGenerator;
import io.streamgrad.config.ConfigTree;
import io.streamgrad.tensor.Generator;
import io.streamgrad.tensor.Tensor;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The trainer's logic between consuming and publishing, free of Kafka: decodes a batch of records,
 * dead-letters the bad ones, trains each row's model (one per model key), emits a loss record per step,
 * and every {@code publishEvery} batches emits the training state of every model that changed. The
 * caller sends the outputs and commits the offsets in one transaction when {@link BatchResult#publishDue()}.
 *
 * <p>Each batch is evaluated prequentially (test, then train): its rows are predicted by the model as it is
 * before the batch trains it, and recorded into that model's {@link PrequentialEvaluator}, whose scores the
 * loss record carries. A model with scalers is evaluated from its second batch on, once the scalers have
 * seen rows: before that its predictions have no unit.
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
    /** Kept across {@link #forgetModels()}: the scores describe the stream, not one assignment of it. */
    private final Map<String, PrequentialEvaluator> evaluators = new HashMap<>();
    private Function<String, PrequentialEvaluator> evaluatorOf;
    private int batchesSincePublish;

    /** A core whose prequential evaluators cover the default window ({@code metrics.prequential.window}). */
    public TrainerCore(ModelSpec spec, RowDecoder decoder, int publishEvery, ModelStore store) {
        this(spec, decoder, publishEvery, store, newEvaluators(ConfigTree.of(Map.of())));
    }

    /**
     * @param evaluators the prequential evaluator of a model id, asked once per id: a new one
     *                   ({@link #newEvaluators}) or the one whose scores the metrics show
     *                   ({@code TrainingMetrics::evaluator})
     */
    public TrainerCore(ModelSpec spec, RowDecoder decoder, int publishEvery, ModelStore store,
                       Function<String, PrequentialEvaluator> evaluators) {
        if (publishEvery < 1) {
            throw new IllegalArgumentException("training.publish-every must be >= 1, got " + publishEvery);
        }
        this.spec = spec;
        this.decoder = decoder;
        this.publishEvery = publishEvery;
        this.store = store;
        this.evaluatorOf = evaluators;
    }

    /** A new evaluator for each model id, over the last {@code metrics.prequential.window} rows of {@code config}. */
    public static Function<String, PrequentialEvaluator> newEvaluators(ConfigTree config) {
        int window = config.integer("metrics.prequential.window");
        return modelId -> new PrequentialEvaluator(window);
    }

    /**
     * Replaces the evaluator source before the first batch. Only for {@link Trainers}: {@link KafkaTrainer}
     * builds its core itself, with the default source.
     */
    void evaluateWith(Function<String, PrequentialEvaluator> evaluators) {
        if (!states.isEmpty() || !this.evaluators.isEmpty()) {
            throw new IllegalStateException("the prequential evaluators are chosen before the first batch");
        }
        this.evaluatorOf = evaluators;
    }

    /** Decodes and processes one batch of records, in order. */
    public BatchResult process(List<SourceRecord> batch) {
        return processBlocks(List.of(RecordBlock.decode(decoder, batch).all()));
    }

    /** The decoder of this trainer's input format (for decoding blocks off the trainer thread). */
    public RowDecoder decoder() {
        return decoder;
    }

    /**
     * Processes one batch of already decoded records, in order: dead-letters the rejected ones, then per model
     * key evaluates the rows prequentially and trains one step on them.
     */
    public BatchResult processBlocks(List<BlockSlice> batch) {
        int total = 0;
        for (BlockSlice s : batch) {
            total += s.size();
        }
        List<Output> outputs = new ArrayList<>();
        Map<TopicPartitionKey, Long> offsets = new LinkedHashMap<>();
        Map<String, RowColumns> byModel = new LinkedHashMap<>();
        RowColumns current = null;
        int rejected = 0;
        for (BlockSlice s : batch) {
            RecordBlock b = s.block();
            for (int i = s.from(); i < s.to(); i++) {
                if (endsPartitionRun(b, i, s.to())) {
                    offsets.merge(new TopicPartitionKey(b.topic(i), b.partition(i)), b.offset(i) + 1, Math::max);
                }
                String why = b.rejection(i);
                if (why != null) {
                    outputs.add(new Output.DeadLetter(b.source(i), why));
                    rejected++;
                    continue;
                }
                String key = b.modelKey(i);
                if (current == null || !current.key.equals(key)) {
                    int capacity = total;
                    current = byModel.computeIfAbsent(key, k -> new RowColumns(k, b.featureCount(), capacity));
                }
                current.add(b, i);
            }
        }
        List<StepOutcome> steps = new ArrayList<>();
        for (RowColumns rows : byModel.values()) {
            TrainingState state = state(rows.key);
            double[] y = rows.targets();
            TrainingState.PrequentialStep step = state.trainPrequentially(rows.features(), y);
            PrequentialScores scores = score(state, step.predictionsBefore(), y);
            StepOutcome outcome = step.outcome();
            steps.add(outcome);
            dirty.add(rows.key);
            outputs.add(new Output.Metric(state.modelId(), metricJson(state, outcome, scores)));
        }
        boolean due = ++batchesSincePublish >= publishEvery;
        if (due) {
            outputs.addAll(publications());
        }
        return new BatchResult(outputs, offsets, steps, due, rejected);
    }

    /** Whether record {@code i} is the last of its partition's run in {@code [.., to)}: offsets grow along a run. */
    private static boolean endsPartitionRun(RecordBlock b, int i, int to) {
        return i + 1 == to || !b.samePartition(i, i + 1);
    }

    /** One model's rows of a batch, gathered into row-major features and targets. */
    private static final class RowColumns {
        final String key;
        private final int featureCount;
        private final double[] x;
        private final double[] y;
        private int rows;

        RowColumns(String key, int featureCount, int capacity) {
            this.key = key;
            this.featureCount = featureCount;
            this.x = new double[capacity * featureCount];
            this.y = new double[capacity];
        }

        void add(RecordBlock b, int i) {
            b.copyFeatures(i, x, rows * featureCount);
            y[rows++] = b.target(i);
        }

        double[] features() {
            return rows == y.length ? x : Arrays.copyOf(x, rows * featureCount);
        }

        double[] targets() {
            return rows == y.length ? y : Arrays.copyOf(y, rows);
        }
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

    /** The states of the models in memory, in the order they were first needed; a live view. */
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
                // Seeded by the model id, so a model restarted before its first publication starts the same;
                // holding the generator's lock keeps another trainer in this JVM from drawing in between.
                synchronized (Generator.defaultGenerator()) {
                    Tensor.manualSeed(id.hashCode());
                    return TrainingState.fresh(spec, id);
                }
            });
        });
    }

    /** Test, then train: records the batch's predictions by the model before it trained on them (null: none). */
    private PrequentialScores score(TrainingState state, double[] predictionsBefore, double[] y) {
        PrequentialEvaluator evaluator = evaluators.computeIfAbsent(state.modelId(), evaluatorOf);
        if (predictionsBefore != null) {
            evaluator.record(predictionsBefore, y);
        }
        return evaluator.scores();
    }

    /** The loss record, written field by field: no JSON tree per step. */
    private static String metricJson(TrainingState state, StepOutcome o, PrequentialScores prequential) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model_id", o.modelId());
            g.writeNumberField("step", o.step());
            g.writeNumberField("rows_seen", o.rowsSeen());
            g.writeNumberField("batch_size", o.batchSize());
            number(g, "loss", o.loss());
            g.writeNumberField("learning_rate", o.learningRate());
            g.writeBooleanField("rolled_back", o.rolledBack());
            if (o.rolledBack()) {
                g.writeStringField("rollback_reason", o.rollbackReason());
            }
            number(g, "gradient_norm", o.gradientNorm());
            number(g, "weight_norm", o.weightNorm());
            g.writeNumberField("version", state.version());
            g.writeNumberField("prequential_rows", prequential.rows());
            number(g, "prequential_mse", prequential.mse());
            number(g, "prequential_mae", prequential.mae());
            number(g, "prequential_r2", prequential.r2());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a loss record to memory failed", e);
        }
        return out.toString();
    }

    /** JSON has no NaN or infinity: such values are written as strings, as the golden format does. */
    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeStringField(name, Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
        }
    }
}
