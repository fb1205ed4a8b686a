package io.streamgrad.kafka;

/**
 * A transaction was aborted: nothing it sent and none of the offsets it added will ever be visible to
 * {@code read_committed} consumers. The {@link TransactionalSender} is still usable, so the work may be
 * retried. The cause is what went wrong: the body's own exception or Kafka's.
 */
public final class TransactionAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception saying which sender's transaction was aborted, with what made it abort as the cause. */
    public TransactionAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
