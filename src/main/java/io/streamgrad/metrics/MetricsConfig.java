package io.streamgrad.metrics;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.config.ConfigException;

/**
 * The {@code metrics:} section of config/streamgrad.yaml.
 *
 * @param host              address the Prometheus endpoint listens on ({@code metrics.prometheus.host})
 * @param port              its port, 0 for any free one ({@code metrics.prometheus.port})
 * @param prequentialWindow rows in the prequential scores' sliding window ({@code metrics.prequential.window})
 */
public record MetricsConfig(String host, int port, int prequentialWindow) {
    /**
     * Checks the values.
     *
     * @throws ConfigException if {@code port} is outside 0-65535 or {@code prequentialWindow} is below 1
     */
    public MetricsConfig {
        if (port < 0 || port > 65535) {
            throw new ConfigException("config key 'metrics.prometheus.port' must be a port 0-65535 (0: any free port),"
                    + " got " + port);
        }
        if (prequentialWindow < 1) {
            throw new ConfigException("config key 'metrics.prequential.window' must be at least 1 row, got "
                    + prequentialWindow);
        }
    }

    /**
     * Reads the section from {@code config}.
     *
     * @throws ConfigException if a key is missing or its value is invalid
     */
    public static MetricsConfig from(ConfigTree config) {
        return new MetricsConfig(config.string("metrics.prometheus.host"), config.integer("metrics.prometheus.port"),
                config.integer("metrics.prequential.window"));
    }
}
