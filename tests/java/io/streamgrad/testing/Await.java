package io.streamgrad.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits for tests that watch other processes: poll a condition until it holds or time runs out. */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    /**
     * Returns once {@code condition} holds; fails after {@code timeout} with {@code what} and the
     * {@code state} at that moment (what a reader needs to see why it did not happen).
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; " + state.get());
            }
            sleep(POLL);
        }
    }

    /** Sleeps, turning an interrupt into a test failure (with the interrupt flag kept). */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
