package io.streamgrad.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Function;

/** The real JVM binders, recording whether their binding was closed: for tests of starts that fail part way. */
public final class ClosingJvmBinder implements Function<MeterRegistry, MeterBinding> {
    private volatile boolean closed;

    @Override
    public MeterBinding apply(MeterRegistry registry) {
        MeterBinding real = Binders.bindJvm(registry);
        return () -> {
            real.close();
            closed = true;
        };
    }

    /** Whether the binding this binder made was closed. */
    public boolean closed() {
        return closed;
    }
}
