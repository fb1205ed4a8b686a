package io.streamgrad.lifecycle;

/** Closing what a constructor or start method had opened when it fails part way. */
public final class Closeables {
    private Closeables() {
    }

    /**
     * Closes {@code opened} in the order given (nulls skipped: what was not created yet), each even when an earlier
     * one fails, and adds what closing throws to {@code failure} as suppressed exceptions, so that the caller can
     * rethrow the original failure with nothing lost. Pass resources in the reverse order of their creation.
     *
     * @param failure the exception that stopped the start; it keeps its type and message
     * @param opened  what was opened before it, newest first
     */
    public static void closeAfterFailure(Throwable failure, AutoCloseable... opened) {
        for (AutoCloseable c : opened) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception | Error e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }
}
