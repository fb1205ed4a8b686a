package io.streamgrad.pipeline;

/** Training stopped because a step diverged and the policy is {@link DivergencePolicy#STOP}. */
public class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception naming the model, the step and why it diverged, with what to change in the config. */
    public DivergedException(String message) {
        super(message);
    }
}
