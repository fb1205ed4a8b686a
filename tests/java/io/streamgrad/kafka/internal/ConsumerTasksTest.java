package io.streamgrad.kafka.internal;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Work handed to the poll thread; here the test thread plays the poll thread. */
class ConsumerTasksTest {
    private final AtomicInteger submitted = new AtomicInteger();
    private final ConsumerTasks<String, String> tasks = new ConsumerTasks<>(submitted::incrementAndGet);

    @Test
    void workThatThrowsAnErrorFailsItsMono_andThePollThreadGoesOn() throws Exception {
        tasks.attach(new MockConsumer<>("earliest"));
        Mono<Object> failing = tasks.submit(consumer -> {
            throw new AssertionError("the work failed");
        });
        CompletableFuture<Object> result = new CompletableFuture<>();
        // Subscribed from another thread, so the task is queued for the poll thread.
        CompletableFuture.runAsync(() -> failing.subscribe(result::complete, result::completeExceptionally,
                () -> result.complete(null))).get(10, TimeUnit.SECONDS);
        assertThat(submitted.get()).isOne();

        tasks.runPending();

        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(AssertionError.class)
                .hasMessageContaining("the work failed");
    }
}
