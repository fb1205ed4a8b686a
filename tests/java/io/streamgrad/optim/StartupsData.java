package io.streamgrad.optim;

import io.streamgrad.tensor.Tensor;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The seminar's 50_Startups data as the golden scenarios use it: features R&D Spend, Administration and
 * Marketing Spend, target Profit, each column min-max scaled to [0, 1] as sklearn's {@code MinMaxScaler}
 * does it ({@code x·scale + min}, with {@code scale = 1/(max − min)} and {@code min = −data_min·scale}, in
 * float64), then converted to float32 tensors X [50, 3] and y [50, 1].
 */
record StartupsData(double[][] features, double[] target, Tensor x, Tensor y) {
    static final List<String> FEATURES = List.of("R&D Spend", "Administration", "Marketing Spend");
    static final String TARGET = "Profit";
    private static final String RESOURCE = "/data/50_Startups.csv";

    static StartupsData load() {
        List<CSVRecord> rows = read();
        int n = rows.size();
        double[][] raw = new double[n][FEATURES.size() + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES.size(); j++) {
                raw[i][j] = Double.parseDouble(rows.get(i).get(FEATURES.get(j)));
            }
            raw[i][FEATURES.size()] = Double.parseDouble(rows.get(i).get(TARGET));
        }
        double[][] scaled = minMaxScale(raw);
        double[][] features = new double[n][];
        double[] target = new double[n];
        double[] flatY = new double[n];
        for (int i = 0; i < n; i++) {
            features[i] = java.util.Arrays.copyOf(scaled[i], FEATURES.size());
            target[i] = scaled[i][FEATURES.size()];
            flatY[i] = target[i];
        }
        return new StartupsData(features, target, Tensor.of(features),
                Tensor.fromData(flatY, io.streamgrad.tensor.DType.FLOAT32, n, 1));
    }

    private static List<CSVRecord> read() {
        try (Reader in = new InputStreamReader(StartupsData.class.getResourceAsStream(RESOURCE),
                StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** sklearn's MinMaxScaler.fit_transform per column, in float64. */
    static double[][] minMaxScale(double[][] raw) {
        int cols = raw[0].length;
        double[][] out = new double[raw.length][cols];
        for (int j = 0; j < cols; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : raw) {
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            double scale = 1.0 / (max - min);
            double offset = 0.0 - min * scale;
            for (int i = 0; i < raw.length; i++) {
                out[i][j] = raw[i][j] * scale + offset;
            }
        }
        return out;
    }
}
