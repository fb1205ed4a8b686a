package io.streamgrad.kafka.internal;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the poll thread waits while every partition is paused, instead of blocking inside
 * {@code KafkaConsumer.poll}: new demand, a task or a stop {@link #signal()} it at once. Waking a consumer
 * blocked in {@code poll} would need {@code KafkaConsumer.wakeup()}, whose {@code WakeupException} can
 * strike a later blocking call (a commit, a rebalance callback) when the wakeup arrives just after
 * {@code poll} returned; waiting outside the consumer has no such race.
 */
public final class IdleWait {
    private volatile Thread waiter;
    private volatile boolean signalled;

    /** Waits up to {@code max}, or less if signalled (also by a signal that came before the call). */
    public void await(Duration max) {
        waiter = Thread.currentThread();
        if (!signalled) {
            LockSupport.parkNanos(this, max.toNanos());
        }
        signalled = false;
    }

    /** Ends the current or next wait. Any thread. */
    public void signal() {
        signalled = true;
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
