package io.streamgrad.backend.cuda;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which strided matrices cuBLAS can read directly, and with which leading dimension. */
class MatrixLayoutTest {
    @Test
    void rowMajorMatricesUseTheirRowStride() {
        assertThat(MatrixLayout.of(3, 4, 4, 1)).isEqualTo(new MatrixLayout(true, 4));
        assertThat(MatrixLayout.of(3, 4, 10, 1)).as("a narrow view keeps its parent's stride")
                .isEqualTo(new MatrixLayout(true, 10));
        assertThat(MatrixLayout.of(3, 4, 4, 1).transposeOp()).isEqualTo(Cublas.OP_N);
    }

    @Test
    void transposedViewsAreColumnMajor() {
        // x.t() of a contiguous [4, 3]: sizes [3, 4], strides [1, 3]
        assertThat(MatrixLayout.of(3, 4, 1, 3)).isEqualTo(new MatrixLayout(false, 3));
        assertThat(MatrixLayout.of(3, 4, 1, 3).transposeOp()).isEqualTo(Cublas.OP_T);
    }

    @Test
    void sizeOneDimsAcceptAnyStride() {
        assertThat(MatrixLayout.of(1, 5, 77, 1)).isEqualTo(new MatrixLayout(true, 5));
        assertThat(MatrixLayout.of(5, 1, 1, 0)).isEqualTo(new MatrixLayout(true, 1));
        assertThat(MatrixLayout.of(5, 1, 3, 0)).isEqualTo(new MatrixLayout(true, 3));
        assertThat(MatrixLayout.of(1, 1, 0, 0)).isEqualTo(new MatrixLayout(true, 1));
        assertThat(MatrixLayout.of(1, 5, 0, 2)).as("a strided row").isEqualTo(new MatrixLayout(false, 2));
    }

    @Test
    void broadcastAndGappedViewsMustBeCopied() {
        assertThat(MatrixLayout.of(3, 4, 0, 1)).as("a broadcast row").isNull();
        assertThat(MatrixLayout.of(3, 4, 4, 0)).as("a broadcast column").isNull();
        assertThat(MatrixLayout.of(3, 4, 8, 2)).as("every other element").isNull();
        assertThat(MatrixLayout.of(3, 4, 2, 1)).as("overlapping rows").isNull();
    }

    @Test
    void leadingDimensionsMeetBlasMinimums() {
        for (int rows = 0; rows < 4; rows++) {
            for (int cols = 0; cols < 4; cols++) {
                for (int rs = 0; rs < 6; rs++) {
                    for (int cs = 0; cs < 6; cs++) {
                        MatrixLayout l = MatrixLayout.of(rows, cols, rs, cs);
                        if (l != null) {
                            int contiguous = l.rowMajor() ? cols : rows;
                            assertThat(l.ld()).isGreaterThanOrEqualTo(Math.max(1, contiguous));
                        }
                    }
                }
            }
        }
    }
}
