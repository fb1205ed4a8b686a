package io.streamgrad.metrics;

/**
 * Meters bound to a registry that hold resources (listeners, refresh threads) until closed. Closing stops
 * updating them; the meters already registered stay in the registry with their last values.
 */
@FunctionalInterface
public interface MeterBinding extends AutoCloseable {
    @Override
    void close();
}
