package io.streamgrad.pipeline;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.kafka.KafkaClientConfig;

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

    /** A trainer over {@code client} (bootstrap servers and any passed-through properties), not yet started. */
    public static KafkaTrainer create(ConfigTree config, KafkaClientConfig client, TrainerListener listener) {
        TrainerSettings settings = TrainerSettings.from(config, client, config.string("kafka.instance-id"));
        return new KafkaTrainer(settings, ModelSpec.from(config), decoder(config), listener);
    }
}
