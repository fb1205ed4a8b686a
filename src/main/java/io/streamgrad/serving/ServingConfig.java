package io.streamgrad.serving;

import io.streamgrad.config.ConfigException;
import io.streamgrad.config.ConfigTree;

/**
 * The {@code serving:} section of config/streamgrad.yaml, with the two keys it borrows from elsewhere.
 *
 * @param host            address of the HTTP service ({@code serving.host})
 * @param port            its port, 0 for any free one ({@code serving.port})
 * @param modelId         the model served: its key on the model topic ({@code serving.model-id}, else {@code model.id})
 * @param modelsTopic     where model updates come from ({@code kafka.topics.models}), named in errors
 * @param maxRequestBytes larger request bodies are refused with 413 ({@code serving.max-request-bytes})
 * @param statusHistory   loss points the status page keeps ({@code serving.status-history})
 */
public record ServingConfig(String host, int port, String modelId, String modelsTopic, int maxRequestBytes,
                            int statusHistory) {
    /**
     * Checks the values.
     *
     * @throws ConfigException if {@code port} is outside 0-65535, or {@code maxRequestBytes} or
     *                         {@code statusHistory} is below 1
     */
    public ServingConfig {
        if (port < 0 || port > 65535) {
            throw new ConfigException("config key 'serving.port' must be a port 0-65535 (0: any free port), got "
                    + port);
        }
        if (maxRequestBytes < 1) {
            throw new ConfigException("config key 'serving.max-request-bytes' must be at least 1, got "
                    + maxRequestBytes);
        }
        if (statusHistory < 1) {
            throw new ConfigException("config key 'serving.status-history' must be at least 1, got " + statusHistory);
        }
    }

    /**
     * Reads the section from {@code config}; a blank {@code serving.model-id} serves {@code model.id}.
     *
     * @throws ConfigException if a key is missing or its value is invalid
     */
    public static ServingConfig from(ConfigTree config) {
        String modelId = config.string("serving.model-id");
        return new ServingConfig(config.string("serving.host"), config.integer("serving.port"),
                modelId.isBlank() ? config.string("model.id") : modelId, config.string("kafka.topics.models"),
                config.integer("serving.max-request-bytes"), config.integer("serving.status-history"));
    }
}
