package io.streamgrad.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed start had opened is closed, in order, and nothing thrown on the way is lost. */
class CloseablesTest {
    @Test
    void everyResourceIsClosedInOrderEvenWhenOneFailsAndTheFailuresAreSuppressedIntoTheOriginal() {
        List<String> closed = new ArrayList<>();
        IllegalStateException failure = new IllegalStateException("port 8080 is taken");
        IllegalArgumentException closing = new IllegalArgumentException("registry close failed");

        Closeables.closeAfterFailure(failure, () -> closed.add("endpoint"), null, () -> {
            closed.add("registry");
            throw closing;
        }, () -> closed.add("binder"));

        assertThat(closed).containsExactly("endpoint", "registry", "binder");
        assertThat(failure).hasMessage("port 8080 is taken");
        assertThat(failure.getSuppressed()).containsExactly(closing);
    }
}
