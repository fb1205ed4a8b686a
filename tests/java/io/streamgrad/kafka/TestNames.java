package io.streamgrad.kafka;

import java.util.concurrent.atomic.AtomicInteger;

/** Unique topic, group and transactional ids, so tests can share one broker without seeing each other. */
final class TestNames {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000, 36);

    private TestNames() {
    }

    static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }
}
