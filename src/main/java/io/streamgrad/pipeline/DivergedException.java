package io.streamgrad.pipeline;

/** Training stopped because a step diverged and the policy is {@link DivergencePolicy#STOP}. */
public class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergedException(String message) {
        super(message);
    }
}
