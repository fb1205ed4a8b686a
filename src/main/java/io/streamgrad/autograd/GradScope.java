package io.streamgrad.autograd;

/**
 * A try-with-resources scope that sets this thread's grad mode and restores the previous one on close.
 * Close it on the thread that opened it.
 */
public final class GradScope implements AutoCloseable {
    private final boolean previous;

    GradScope(boolean enabled) {
        this.previous = GradMode.set(enabled);
    }

    @Override
    public void close() {
        GradMode.set(previous);
    }
}
