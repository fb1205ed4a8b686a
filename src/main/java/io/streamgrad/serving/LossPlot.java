package io.streamgrad.serving;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The loss curve as a PNG (JFreeChart, rendered headless): loss against step, step {@code i + 1} for the
 * {@code i}-th loss. Non-finite losses (rolled-back steps) leave no point.
 */
public final class LossPlot {
    /** Width in pixels of a plot written without a size. */
    public static final int DEFAULT_WIDTH = 800;
    /** Height in pixels of a plot written without a size. */
    public static final int DEFAULT_HEIGHT = 500;

    private LossPlot() {
    }

    /** Writes the curve to {@code png} at {@value #DEFAULT_WIDTH}×{@value #DEFAULT_HEIGHT} pixels. */
    public static void write(List<Double> losses, Path png) throws IOException {
        write(losses, png, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * Writes the curve to {@code png} at {@code width}×{@code height} pixels, replacing the file.
     *
     * @throws IllegalArgumentException when a size is not positive
     */
    public static void write(List<Double> losses, Path png, int width, int height) throws IOException {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a plot needs a positive size, got " + width + "x" + height);
        }
        XYSeries series = new XYSeries("loss");
        for (int i = 0; i < losses.size(); i++) {
            Double loss = losses.get(i);
            if (loss != null && Double.isFinite(loss)) {
                series.add(i + 1, loss);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Training loss", "step", "loss",
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, false, false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
    }
}
