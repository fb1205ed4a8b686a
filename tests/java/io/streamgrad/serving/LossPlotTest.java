package io.streamgrad.serving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loss curve PNG: a real PNG of the requested size. */
class LossPlotTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void writesAPngOfTheRequestedSize(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("loss.png");

        LossPlot.write(List.of(8.3, 4.1, Double.NaN, 1.2, 0.49), png, 640, 360);

        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(360);
    }

    @Test
    void theDefaultSizeAndAnEmptyCurveWork(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("empty.png");

        LossPlot.write(List.of(), png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(LossPlot.DEFAULT_WIDTH);
        assertThat(image.getHeight()).isEqualTo(LossPlot.DEFAULT_HEIGHT);
    }

    @Test
    void aSizeThatIsNotPositiveIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> LossPlot.write(List.of(1.0), dir.resolve("x.png"), 0, 10))
                .hasMessage("a plot needs a positive size, got 0x10");
    }
}
