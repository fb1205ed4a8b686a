package io.streamgrad.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The data sets bundled with streamgrad, read from the classpath.
 */
public final class Datasets {
    /** The feature columns of {@link #startups()}, in order. */
    public static final List<String> STARTUPS_FEATURES = List.of("R&D Spend", "Administration", "Marketing Spend");
    /** The target column of {@link #startups()}. */
    public static final String STARTUPS_TARGET = "Profit";
    private static final String STARTUPS_RESOURCE = "/data/50_Startups.csv";

    private Datasets() {
    }

    /**
     * The seminar's 50_Startups data: 50 companies' R&amp;D, administration and marketing spend (features, in
     * that order) and their profit (target). The {@code State} column is not read.
     *
     * @throws IllegalStateException when the resource is missing from the classpath (a broken build)
     */
    public static Dataset startups() {
        try (InputStream in = Datasets.class.getResourceAsStream(STARTUPS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(STARTUPS_RESOURCE + " is not on the classpath; it ships in "
                        + "src/main/resources/data, so rebuild the jar");
            }
            return CsvDataset.read(new InputStreamReader(in, StandardCharsets.UTF_8),
                    "50_Startups.csv", STARTUPS_FEATURES, STARTUPS_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STARTUPS_RESOURCE, e);
        }
    }
}
