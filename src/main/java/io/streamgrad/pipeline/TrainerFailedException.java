package io.streamgrad.pipeline;

/** The trainer stopped because a transaction, the receiver or a training step failed. */
public class TrainerFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception naming the trainer and what stopped it, with the failure as the cause. */
    public TrainerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
