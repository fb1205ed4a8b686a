package io.streamgrad.data;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled 50_Startups data as {@link Datasets#startups()} reads it. */
class DatasetsTest {

    @Test
    void startupsHasFiftyRowsOfThreeSpendsAndAProfit() {
        Dataset data = Datasets.startups();

        assertThat(data.size()).isEqualTo(50);
        assertThat(data.featureNames()).containsExactly("R&D Spend", "Administration", "Marketing Spend");
        assertThat(data.targetName()).isEqualTo("Profit");
        assertThat(data.features()[0]).containsExactly(165349.2, 136897.8, 471784.1);
        assertThat(data.target()[0]).isEqualTo(192261.83);
        // The file's last line has no newline; it must still be read.
        assertThat(data.features()[49]).containsExactly(0, 116983.8, 45173.06);
        assertThat(data.target()[49]).isEqualTo(14681.4);
    }

    @Test
    void startupsAsFloat32TensorsRoundEachValueOnce() {
        Dataset.Tensors t = Datasets.startups().toTensors(DType.FLOAT32);
        Tensor x = t.x();

        assertThat(x.shape().toArray()).containsExactly(50, 3);
        assertThat(t.y().shape().toArray()).containsExactly(50, 1);
        assertThat(x.toFloatArray()[1]).isEqualTo((float) 136897.8);
    }
}
