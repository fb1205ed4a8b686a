package io.streamgrad.pipeline;

import io.streamgrad.data.Dataset;
import io.streamgrad.data.Datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The demo's stream: the bundled 50_Startups rows repeated with small multiplicative noise (1%, seeded),
 * as CSV lines in the config's column order, with a malformed row now and then to show dead-lettering.
 */
public final class DemoRows {
    private static final String[] STATES = {"New York", "California", "Florida"};

    private DemoRows() {
    }

    /** {@code count} CSV lines; every {@code badEvery}-th line (0 = never) is malformed on purpose. */
    public static List<String> generate(int count, long seed, int badEvery) {
        Dataset data = Datasets.startups();
        double[][] x = data.features();
        double[] y = data.target();
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (badEvery > 0 && i % badEvery == badEvery - 1) {
                lines.add(i % (2 * badEvery) == badEvery - 1 ? "oops,not,a,number,row" : "1,2,3");
                continue;
            }
            int r = random.nextInt(x.length);
            lines.add(String.format(Locale.ROOT, "%.2f,%.2f,%.2f,%s,%.2f", noisy(x[r][0], random), noisy(x[r][1], random),
                    noisy(x[r][2], random), STATES[r % STATES.length], noisy(y[r], random)));
        }
        return lines;
    }

    private static double noisy(double v, SplittableRandom random) {
        return v * (1 + 0.01 * gaussian(random));
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
