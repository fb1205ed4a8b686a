package io.streamgrad.kafka;

/**
 * A {@link TransactionalSender}'s producer hit an error that it cannot recover from (e.g. authorization,
 * a broken sequence, or a failed abort). Its current transaction will not commit; every later transaction
 * fails with this exception too. Close the sender; a new one with the same {@code transactional.id}
 * aborts what is left open and starts clean. See {@link SenderFencedException} for the most common case.
 */
public class SenderFatalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception saying which sender failed and what to do, with the producer's error as the cause. */
    public SenderFatalException(String message, Throwable cause) {
        super(message, cause);
    }
}
