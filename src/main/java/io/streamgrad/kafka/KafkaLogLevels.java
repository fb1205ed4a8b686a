package io.streamgrad.kafka;

import java.util.List;

/**
 * Quiets Kafka's own loggers (broker and clients) to WARN, so an in-JVM broker and the clients do not
 * drown the application's log in INFO lines (config dumps, partition state changes, raft elections).
 *
 * <p>The project logs through slf4j-simple, which reads a logger's level when the logger is created and
 * lets a system property {@code org.slf4j.simpleLogger.log.<name>} override {@code simplelogger.properties}.
 * Kafka creates most loggers in static fields, so {@link #applyQuietDefaults()} must run before the first
 * Kafka class is loaded: {@link EmbeddedKafka} calls it in its static initializer; an application that
 * talks to an external broker calls it first thing in {@code main}. A level already set (e.g. with
 * {@code -Dorg.slf4j.simpleLogger.log.org.apache.kafka=info}) is left alone, so the defaults can always
 * be overridden from the command line.
 */
public final class KafkaLogLevels {
    /** The prefix slf4j-simple uses for per-logger levels. */
    static final String SIMPLE_LOGGER_PREFIX = "org.slf4j.simpleLogger.log.";

    /** Logger name roots Kafka uses: Scala server classes, Java classes, and the broker's named loggers. */
    static final List<String> KAFKA_LOGGERS = List.of(
            "kafka", "org.apache.kafka", "state.change.logger", "kafka.request.logger");

    private KafkaLogLevels() {
    }

    /** Sets Kafka's loggers to WARN unless a level was already given for them; idempotent. */
    public static void applyQuietDefaults() {
        for (String logger : KAFKA_LOGGERS) {
            String key = SIMPLE_LOGGER_PREFIX + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
