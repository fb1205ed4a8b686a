package io.streamgrad.data;

/**
 * A {@link Scaler} was asked to transform, inverse-transform or export state before it learned anything:
 * scikit-learn's {@code NotFittedError}. Call {@code fit} or {@code partialFit} (or {@code loadStateDict})
 * first.
 */
public final class NotFittedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NotFittedException(String estimator) {
        super("This " + estimator + " instance is not fitted yet. Call 'fit' or 'partialFit' first.");
    }
}
