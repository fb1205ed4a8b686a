package io.streamgrad.pipeline;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.KafkaClientConfig;

import java.util.function.Function;

/** Builds the configured trainer: model spec, row decoder and Kafka settings from one config. */
public final class Trainers {
    private Trainers() {
    }

    /** The decoder for {@code input.format}. */
    public static RowDecoder decoder(ConfigTree config) {
        String key = config.string("model.key");
        int maxBytes = config.integer("input.max-row-bytes");
        return switch (config.choice("input.format", "csv", "json")) {
            case "csv" -> new CsvRowDecoder(config.strings("input.columns"), config.strings("input.features"),
                    config.string("input.target"), key, maxBytes);
            default -> new JsonRowDecoder(config.strings("input.features"), config.string("input.target"), key, maxBytes);
        };
    }

    /**
     * A trainer over {@code client} (bootstrap servers and any passed-through properties), not yet started,
     * scoring each model prequentially with a new evaluator over {@code metrics.prequential.window} rows.
     */
    public static KafkaTrainer create(ConfigTree config, KafkaClientConfig client, TrainerListener listener) {
        return create(config, client, listener, TrainerCore.newEvaluators(config));
    }

    /**
     * A trainer as {@link #create(ConfigTree, KafkaClientConfig, TrainerListener)} builds it, recording its
     * prequential scores into {@code evaluators}' evaluator of each model id (with metrics on:
     * {@code TrainingMetrics::evaluator}, so that the gauges show them).
     */
    public static KafkaTrainer create(ConfigTree config, KafkaClientConfig client, TrainerListener listener,
                                      Function<String, PrequentialEvaluator> evaluators) {
        TrainerSettings settings = TrainerSettings.from(config, client, config.string("kafka.instance-id"));
        KafkaTrainer trainer = new KafkaTrainer(settings, ModelSpec.from(config), decoder(config), listener);
        trainer.core().evaluateWith(evaluators);
        return trainer;
    }
}
