package io.streamgrad.kafka;

/**
 * A {@link TransactionalSender} was fenced: another producer started with the same
 * {@code transactional.id} (typically a newer instance of this application after a restart or a
 * rebalance), so this one is a zombie and must stop. Nothing it has not committed will ever be visible.
 * Close it and do not retry with it; the cause is Kafka's {@code ProducerFencedException}.
 */
public final class SenderFencedException extends SenderFatalException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception saying which sender was fenced. The cause is Kafka's exception the first time; when the dead
     * sender is used again it is that first {@code SenderFencedException}.
     */
    public SenderFencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
