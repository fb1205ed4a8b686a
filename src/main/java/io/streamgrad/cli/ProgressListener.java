package io.streamgrad.cli;

import io.streamgrad.pipeline.BatchResult;
import io.streamgrad.pipeline.Output;
import io.streamgrad.pipeline.StepOutcome;
import io.streamgrad.pipeline.TrainerListener;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counters a progress display reads from another thread. */
final class ProgressListener implements TrainerListener {
    final AtomicLong rows = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong version = new AtomicLong();
    final AtomicLong publications = new AtomicLong();
    final AtomicLong rolledBack = new AtomicLong();
    volatile double loss = Double.NaN;
    final java.util.List<Double> losses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    @Override
    public void onBatch(BatchResult result, long receivedRows) {
        rows.set(receivedRows);
        rejected.addAndGet(result.rejected());
        for (StepOutcome s : result.steps()) {
            if (s.rolledBack()) {
                rolledBack.incrementAndGet();
            } else {
                loss = s.loss();
                losses.add(s.loss());
            }
        }
    }

    @Override
    public void onCommitted(List<Output.ModelPublication> published, long latencyNanos) {
        for (Output.ModelPublication p : published) {
            version.accumulateAndGet(p.version(), Math::max);
            publications.incrementAndGet();
        }
    }
}
