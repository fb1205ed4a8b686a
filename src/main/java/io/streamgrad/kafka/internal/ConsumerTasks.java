package io.streamgrad.kafka.internal;

import org.apache.kafka.clients.consumer.Consumer;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Work for the consumer, handed from any thread to the poll thread: {@code KafkaConsumer} is not
 * thread-safe, so every call on it happens on the poll thread, between two polls (so within one
 * {@code pollTimeout}). Work submitted from the poll thread itself (e.g. inside a rebalance callback) runs
 * at once, since waiting for the next loop would deadlock.
 *
 * <p>The returned {@link Mono}s signal on Reactor's parallel scheduler, never on the poll thread, so code
 * downstream of them cannot stall polling. Whatever the work throws fails its Mono; only a JVM-fatal error
 * ({@link Exceptions#throwIfJvmFatal}) is rethrown on the poll thread as well. After
 * {@link #close(Throwable)} every pending and later task fails with the given reason.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class ConsumerTasks<K, V> {
    private final Queue<Task<K, V>> queue = new ConcurrentLinkedQueue<>();
    private final Runnable onSubmit;
    private volatile Thread pollThread;
    private volatile Consumer<K, V> consumer;
    private volatile Throwable closedReason;

    /** @param onSubmit run after a task is queued (wakes the poll thread) */
    public ConsumerTasks(Runnable onSubmit) {
        this.onSubmit = onSubmit;
    }

    /** Called on the poll thread once the consumer exists. */
    public void attach(Consumer<K, V> consumer) {
        this.pollThread = Thread.currentThread();
        this.consumer = consumer;
    }

    /** True on the poll thread. */
    public boolean onPollThread() {
        return Thread.currentThread() == pollThread;
    }

    /** Runs {@code work} on the poll thread; the Mono emits its result (null: completes empty). */
    public <T> Mono<T> submit(Function<Consumer<K, V>, T> work) {
        return submitAsync((c, sink) -> sink.success(work.apply(c)));
    }

    /** Runs {@code work} on the poll thread; {@code work} completes the sink, possibly later (in a callback). */
    public <T> Mono<T> submitAsync(BiConsumer<Consumer<K, V>, MonoSink<T>> work) {
        return Mono.<T>create(sink -> enqueue(new Task<>() {
            @Override
            public void run(Consumer<K, V> c) {
                try {
                    work.accept(c, sink);
                } catch (Throwable e) {
                    // Errors too (an AssertionError in the caller's function): the caller must hear of it, and
                    // the receiver goes on, as for an exception. Only a JVM-fatal error also ends the poll loop.
                    sink.error(e);
                    Exceptions.throwIfJvmFatal(e);
                }
            }

            @Override
            public void fail(Throwable reason) {
                sink.error(reason);
            }
        })).publishOn(Schedulers.parallel());
    }

    /** Runs every queued task (poll thread). */
    public void runPending() {
        Task<K, V> task;
        while ((task = queue.poll()) != null) {
            task.run(consumer);
        }
    }

    /** Fails pending and future tasks with {@code reason} (poll thread, before the consumer closes). */
    public void close(Throwable reason) {
        closedReason = reason;
        failPending();
    }

    private void enqueue(Task<K, V> task) {
        if (onPollThread() && closedReason == null) {
            task.run(consumer);
            return;
        }
        queue.add(task);
        if (closedReason != null) {
            failPending();
        }
        onSubmit.run();
    }

    private void failPending() {
        Task<K, V> task;
        while ((task = queue.poll()) != null) {
            task.fail(closedReason);
        }
    }

    private interface Task<K, V> {
        void run(Consumer<K, V> consumer);

        void fail(Throwable reason);
    }
}
