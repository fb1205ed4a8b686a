package io.streamgrad.cli;

import java.io.PrintStream;
import java.util.Locale;

/** One self-overwriting terminal line: rows, rows/s, loss and model version. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final long total;

    ProgressBar(PrintStream out, long total) {
        this.out = out;
        this.total = total;
    }

    void show(ProgressListener p, long elapsedNanos) {
        long rows = p.rows.get();
        int filled = (int) Math.min(WIDTH, rows * WIDTH / Math.max(1, total));
        double seconds = Math.max(1e-9, elapsedNanos / 1e9);
        out.printf(Locale.ROOT, "\r[%s%s] %,9d/%,d rows %,8.0f rows/s  loss %-9.5f  model v%d ",
                "#".repeat(filled), ".".repeat(WIDTH - filled), rows, total, rows / seconds, p.loss, p.version.get());
        out.flush();
    }

    void finish() {
        out.println();
    }
}
