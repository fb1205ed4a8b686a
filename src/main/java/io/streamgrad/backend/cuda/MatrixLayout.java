package io.streamgrad.backend.cuda;

/**
 * How a strided [rows, cols] matrix looks to BLAS: row-major with a leading dimension (element (i, j) at
 * {@code i·ld + j}) or column-major ({@code i + j·ld}). Transposed views are column-major, so
 * {@code x.t()} reaches cuBLAS without a copy. A dim of size 1 accepts any stride, since it is never
 * stepped. Views that are neither (a broadcast dim with stride 0, a gap between elements of a row) have no
 * layout and must be copied first.
 *
 * @param rowMajor  whether rows are contiguous
 * @param ld        the leading dimension: the step between rows (row-major) or columns (column-major); at
 *                  least the contiguous extent and at least 1, as BLAS requires
 */
record MatrixLayout(boolean rowMajor, int ld) {

    /** The layout of a {@code rows × cols} matrix with these strides, or null when BLAS cannot read it. */
    static MatrixLayout of(int rows, int cols, int rowStride, int colStride) {
        if (cols <= 1 || colStride == 1) {
            int ld = rows <= 1 ? Math.max(cols, 1) : rowStride;
            if (ld >= Math.max(1, cols)) {
                return new MatrixLayout(true, ld);
            }
        }
        if (rows <= 1 || rowStride == 1) {
            int ld = cols <= 1 ? Math.max(rows, 1) : colStride;
            if (ld >= Math.max(1, rows)) {
                return new MatrixLayout(false, ld);
            }
        }
        return null;
    }

    /**
     * The cuBLAS operation that turns this matrix, read column-major with {@link #ld}, into its transpose.
     * Row-major C = A·B is computed as column-major Cᵀ = Bᵀ·Aᵀ: a row-major matrix read column-major already
     * is its transpose ({@code CUBLAS_OP_N}); a column-major one needs {@code CUBLAS_OP_T}.
     */
    int transposeOp() {
        return rowMajor ? Cublas.OP_N : Cublas.OP_T;
    }
}
