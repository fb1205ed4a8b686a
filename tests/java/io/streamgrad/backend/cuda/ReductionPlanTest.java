package io.streamgrad.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How reductions are laid out on the GPU (see reduce.cuh); the kernels' results are checked on a device. */
class ReductionPlanTest {
    private static final int SMS = 132;
    // offsets into the packed ReduceGeom
    private static final int KEPT_RANK = 2;
    private static final int RED_RANK = 3 + 3 * 8;
    private static final int TAIL = RED_RANK + 1 + 2 * 8;

    private static ReductionPlan.Launch only(List<ReductionPlan.Launch> launches) {
        assertThat(launches).hasSize(1);
        return launches.get(0);
    }

    @Test
    void aColumnSumPutsAdjacentThreadsOnAdjacentOutputs() {
        // x [4096, 4096] summed over dim 0 (a bias gradient): dst strides [0, 1]
        ReductionPlan.Launch l = only(ReductionPlan.plan(new int[] {4096, 4096}, new int[] {4096, 1}, 0,
                new int[] {0, 1}, 0, SMS));

        assertThat(l.first()[TAIL + 3]).as("outer layout").isEqualTo(1);
        assertThat(l.first()[TAIL + 2]).as("outputs per block").isEqualTo(32);
        assertThat(l.gridX()).isEqualTo(128);
        assertThat(l.splits()).as("128 blocks are too few for 132 SMs: split").isEqualTo(5);
        assertThat(l.finish()).isNotNull();
        assertThat(l.finish()[1]).as("the second pass folds the splits").isEqualTo(5);
    }

    @Test
    void aRowSumPutsAdjacentThreadsOnAdjacentElements() {
        ReductionPlan.Launch l = only(ReductionPlan.plan(new int[] {100_000, 64}, new int[] {64, 1}, 0,
                new int[] {1, 0}, 0, SMS));

        assertThat(l.first()[TAIL + 3]).as("inner layout").isZero();
        assertThat(l.first()[TAIL + 2]).as("64 lanes per output").isEqualTo(4);
        assertThat(l.gridX()).isEqualTo(25_000);
        assertThat(l.splits()).isEqualTo(1);
        assertThat(l.finish()).isNull();
    }

    @Test
    void aFullReductionSplitsAcrossTheGpuAndFoldsThePartsInASecondPass() {
        ReductionPlan.Launch l = only(ReductionPlan.plan(new int[] {4096, 4096}, new int[] {4096, 1}, 0,
                new int[] {0, 0}, 0, SMS));

        assertThat(l.outCount()).isEqualTo(1);
        assertThat(l.first()[KEPT_RANK]).isZero();
        assertThat(l.first()[RED_RANK]).as("the reduced dims merge into one").isEqualTo(1);
        assertThat(l.splits()).isEqualTo(4 * SMS);
        assertThat(l.splits() * l.first()[TAIL + 4]).isGreaterThanOrEqualTo(4096 * 4096);
        int[] finish = l.finish();
        assertThat(finish[RED_RANK + 1]).as("partials are [splits, outputs]").isEqualTo(l.splits());
        assertThat(finish[RED_RANK + 1 + 8]).as("stride between splits").isEqualTo(1);
        assertThat(l.finishGridX()).isEqualTo(1);
    }

    @Test
    void smallReductionsNeverSplit() {
        ReductionPlan.Launch l = only(ReductionPlan.plan(new int[] {3}, new int[] {1}, 0, new int[] {0}, 0, SMS));

        assertThat(l.splits()).isEqualTo(1);
        assertThat(l.first()[TAIL + 2]).as("4 lanes for 3 elements").isEqualTo(64);
    }

    @Test
    void keptAndReducedDimsAreStoredInnermostFirstWithTheirStrides() {
        // src [2, 3, 4] (a transposed view), reduce dim 1; dst [2, 1, 4] contiguous
        int[] g = only(ReductionPlan.plan(new int[] {2, 3, 4}, new int[] {1, 8, 2}, 5, new int[] {4, 0, 1}, 7,
                SMS)).first();

        assertThat(g[0]).as("outputs").isEqualTo(8);
        assertThat(g[1]).as("folded per output").isEqualTo(3);
        assertThat(g[KEPT_RANK]).isEqualTo(2);
        assertThat(new int[] {g[3], g[4]}).as("kept sizes").containsExactly(4, 2);
        assertThat(new int[] {g[11], g[12]}).as("kept source strides").containsExactly(2, 1);
        assertThat(new int[] {g[19], g[20]}).as("kept destination strides").containsExactly(1, 4);
        assertThat(g[RED_RANK]).isEqualTo(1);
        assertThat(g[RED_RANK + 1]).isEqualTo(3);
        assertThat(g[RED_RANK + 9]).isEqualTo(8);
        assertThat(new int[] {g[TAIL], g[TAIL + 1]}).as("bases").containsExactly(5, 7);
    }

    @Test
    void emptySourcesNeedNoLaunch() {
        assertThat(ReductionPlan.plan(new int[] {3, 0}, new int[] {0, 1}, 0, new int[] {1, 0}, 0, SMS)).isEmpty();
    }

    @Test
    void outputsPerBlockAlwaysDivideTheBlock() {
        for (int n = 0; n < 1000; n++) {
            for (boolean outer : new boolean[] {true, false}) {
                int perBlock = ReductionPlan.outputsPerBlock(outer, n);
                assertThat(256 % perBlock).isZero();
                assertThat(Integer.bitCount(perBlock)).isEqualTo(1);
            }
        }
        assertThat(ReductionPlan.outputsPerBlock(false, Integer.MAX_VALUE)).isEqualTo(1);
    }

    @Test
    void tooManyReducedDimsAreRefusedWithAHint() {
        int[] sizes = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] src = new int[sizes.length];
        for (int d = 0; d < sizes.length; d++) {
            src[d] = 1 << ((d * 7) % sizes.length);   // no two neighbours merge
        }

        assertThatThrownBy(() -> ReductionPlan.plan(sizes, src, 0, new int[sizes.length], 0, SMS))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("reduce in two steps");
    }
}
