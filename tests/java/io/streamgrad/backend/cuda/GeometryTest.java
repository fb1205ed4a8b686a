package io.streamgrad.backend.cuda;

import io.streamgrad.backend.Strided;
import io.streamgrad.backend.cpu.CpuBackend;
import io.streamgrad.tensor.DType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How strided operands become the kernels' {@code Geom<N>} parameter blocks. */
class GeometryTest {
    @Test
    void aContiguousTensorIsOneDimWithStrideOne() {
        List<Geometry> launches = Geometry.of(new int[] {4, 5, 6}, new int[][] {{30, 6, 1}, {30, 6, 1}}, new int[] {0, 7});

        assertThat(launches).hasSize(1);
        Geometry g = launches.get(0);
        assertThat(g.rank()).isEqualTo(1);
        assertThat(g.count()).isEqualTo(120);
        assertThat(g.sizes()).containsExactly(120);
        assertThat(g.strides()[0]).containsExactly(1);
        assertThat(g.bases()).containsExactly(0, 7);
    }

    @Test
    void dimsAreStoredInnermostFirstAndBroadcastDimsKeepStrideZero() {
        // [3, 4] + [1, 4] broadcast to [3, 4]: the second operand repeats its row
        Geometry g = Geometry.of(new int[] {3, 4}, new int[][] {{4, 1}, {0, 1}, {4, 1}}, new int[] {0, 2, 0}).get(0);

        assertThat(g.rank()).isEqualTo(2);
        assertThat(g.sizes()).containsExactly(4, 3);
        assertThat(g.strides()[1]).containsExactly(1, 0);
        assertThat(g.strides()[0]).containsExactly(1, 4);
    }

    @Test
    void sizeOneDimsAreDroppedAndEmptyViewsLaunchNothing() {
        Geometry g = Geometry.of(new int[] {1, 5, 1}, new int[][] {{99, 3, 42}}, new int[] {1}).get(0);

        assertThat(g.rank()).isEqualTo(1);
        assertThat(g.strides()[0]).containsExactly(3);
        assertThat(Geometry.of(new int[] {3, 0, 2}, new int[][] {{0, 2, 1}}, new int[] {0})).isEmpty();
        Geometry scalar = Geometry.of(new int[] {}, new int[][] {{}}, new int[] {5}).get(0);
        assertThat(scalar.rank()).isZero();
        assertThat(scalar.count()).isEqualTo(1);
    }

    @Test
    void packLaysOutTheStructOfCommonCuh() {
        Geometry g = Geometry.of(new int[] {2, 3}, new int[][] {{1, 2}, {3, 1}}, new int[] {4, 5}).get(0);

        int[] packed = g.pack();

        // rank, count, size[8], stride[2][8], base[2]
        assertThat(packed).hasSize(2 + 8 + 16 + 2);
        assertThat(packed[0]).isEqualTo(2);
        assertThat(packed[1]).isEqualTo(6);
        assertThat(packed).startsWith(2, 6, 3, 2, 0, 0, 0, 0, 0, 0);
        assertThat(java.util.Arrays.copyOfRange(packed, 10, 12)).containsExactly(2, 1);
        assertThat(java.util.Arrays.copyOfRange(packed, 18, 20)).containsExactly(1, 3);
        assertThat(java.util.Arrays.copyOfRange(packed, 26, 28)).containsExactly(4, 5);
    }

    @Test
    void moreThanEightUnmergeableDimsBecomeOneLaunchPerLeadingIndex() {
        int[] sizes = {2, 3, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] contiguous = io.streamgrad.backend.Layouts.contiguousStrides(sizes);
        int[] swapped = contiguous.clone();
        // swapping alternate strides stops every merge
        for (int d = 0; d + 1 < sizes.length; d += 2) {
            swapped[d] = contiguous[d + 1];
            swapped[d + 1] = contiguous[d];
        }

        List<Geometry> launches = Geometry.of(sizes, new int[][] {swapped}, new int[] {0});

        assertThat(launches).hasSize(6);
        assertThat(launches).allSatisfy(g -> assertThat(g.rank()).isEqualTo(8));
        assertThat(launches.stream().mapToInt(Geometry::count).sum()).isEqualTo(2 * 3 * 256);
        assertThat(launches.get(1).bases()[0]).isEqualTo(swapped[1]);
        assertThat(launches.get(3).bases()[0]).isEqualTo(swapped[0]);
    }

    @Test
    void aViewCoversItsStorageWhenItsPositionsAreDenseFromZero() {
        CpuBackend cpu = CpuBackend.get();
        var storage = cpu.allocate(DType.FLOAT32, 12);

        assertThat(Geometry.coversStorage(Strided.of(storage, new int[] {3, 4}, new int[] {4, 1}, 0), 12)).isTrue();
        assertThat(Geometry.coversStorage(Strided.of(storage, new int[] {4, 3}, new int[] {1, 4}, 0), 12))
                .as("a transposed view").isTrue();
        assertThat(Geometry.coversStorage(Strided.of(storage, new int[] {3, 5, 4}, new int[] {4, 0, 1}, 0), 12))
                .as("a reduction's destination").isTrue();
        assertThat(Geometry.coversStorage(Strided.of(storage, new int[] {3, 3}, new int[] {4, 1}, 0), 12))
                .as("a narrow view").isFalse();
        assertThat(Geometry.coversStorage(Strided.of(storage, new int[] {11}, new int[] {1}, 1), 12))
                .as("an offset view").isFalse();
        assertThat(Geometry.coversStorage(Strided.of(storage, new int[] {6}, new int[] {2}, 0), 12)).isFalse();
    }

    @Test
    void aContiguousRunMayStartAnywhere() {
        var storage = CpuBackend.get().allocate(DType.FLOAT32, 12);

        assertThat(Geometry.isContiguousRun(Strided.of(storage, new int[] {2, 4}, new int[] {4, 1}, 4))).isTrue();
        assertThat(Geometry.isContiguousRun(Strided.of(storage, new int[] {1, 4, 1}, new int[] {0, 1, 9}, 4))).isTrue();
        assertThat(Geometry.isContiguousRun(Strided.of(storage, new int[] {4, 2}, new int[] {1, 4}, 0))).isFalse();
        assertThat(Geometry.isContiguousRun(Strided.of(storage, new int[] {}, new int[] {}, 3))).isTrue();
    }
}
