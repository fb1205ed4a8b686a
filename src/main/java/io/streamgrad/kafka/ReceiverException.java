package io.streamgrad.kafka;

/**
 * A {@link KafkaReceiver} stopped because its consumer failed in a way retrying cannot fix (bad
 * configuration, failed authentication, missing authorization, a record that cannot be deserialized, an
 * exception from a {@link RebalanceListener}). The message says which receiver, what failed and what to do;
 * the cause is Kafka's exception, unchanged.
 */
public final class ReceiverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception saying which receiver stopped, why and what to do, with Kafka's exception as the cause. */
    public ReceiverException(String message, Throwable cause) {
        super(message, cause);
    }
}
