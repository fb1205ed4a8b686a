package io.streamgrad.backend.cpu;

/**
 * float32 sums in PyTorch's CPU order (ATen's {@code SumKernel}: a vectorized inner sum of
 * {@link #LANES}-wide accumulators, four of them interleaved, folded through a four-level cascade), so
 * that sums round exactly as PyTorch's do and printed losses agree to the last digit.
 */
final class CascadeSum {
    /** Vector width PyTorch's kernel was built for: 16 floats on AVX-512 machines, 8 on AVX2 machines. */
    static final int LANES = Integer.getInteger("streamgrad.cpu.sumLanes", 16);
    private static final int ILP = 4;
    private static final int LEVELS = 4;

    private CascadeSum() {
    }

    /** Sum of {@code n} contiguous floats starting at {@code off}. */
    static float innerSum(float[] data, int off, int n) {
        if (n < LANES) {
            return rowSum(data, off, 1, n, 1);
        }
        int vectors = n / LANES;
        float[] lanes = rowSumVectors(data, off, vectors);
        float total = 0f;
        for (int k = vectors * LANES; k < n; k++) {
            total += data[off + k];
        }
        for (int k = 0; k < LANES; k++) {
            total += lanes[k];
        }
        return total;
    }

    /** Sum of a sequence with PyTorch's scalar cascade (used for reductions that are not inner-contiguous). */
    static float sequenceSum(float[] data, int off, int stride, int n) {
        return rowSum(data, off, stride, n, 1);
    }

    /** row_sum over {@code n} elements of width {@code width} (1 = scalars); returns the folded sum. */
    private static float rowSum(float[] data, int off, int stride, int n, int width) {
        int rows = n / ILP;
        if (rows == 0) {
            float total = 0f;
            for (int i = 0; i < n; i++) {
                total += data[off + i * stride];
            }
            return total;
        }
        float[] partial = multiRowSum(data, off, stride, rows, 1);
        for (int i = rows * ILP; i < n; i++) {
            partial[0] += data[off + i * stride];
        }
        for (int k = 1; k < ILP; k++) {
            partial[0] += partial[k];
        }
        return partial[0];
    }

    /** row_sum whose elements are LANES-wide vectors; returns the lanes of the folded vector. */
    private static float[] rowSumVectors(float[] data, int off, int vectors) {
        int rows = vectors / ILP;
        float[] partial = multiRowSum(data, off, LANES, rows, LANES);
        for (int i = rows * ILP; i < vectors; i++) {
            addVector(partial, data, off + i * LANES);
        }
        for (int k = 1; k < ILP; k++) {
            for (int l = 0; l < LANES; l++) {
                partial[l] += partial[k * LANES + l];
            }
        }
        return partial;
    }

    /** Adds LANES floats of {@code data} at {@code at} to the first accumulator of {@code acc}. */
    private static void addVector(float[] acc, float[] data, int at) {
        for (int l = 0; l < LANES; l++) {
            acc[l] += data[at + l];
        }
    }

    /**
     * ATen's multi_row_sum: {@code rows} rows of {@link #ILP} elements (each {@code width} floats wide,
     * element k of row i at {@code off + (i*ILP + k) * elementStride}), summed per column through a cascade
     * of accumulators that keeps the rounding error logarithmic. The accumulators live in one array
     * ({@code [level][k][lane]} at {@code (level * ILP + k) * width + lane}): one allocation per sum, not 21.
     *
     * @return level 0's accumulators: element k's lane l at {@code k * width + l}
     */
    private static float[] multiRowSum(float[] data, int off, int elementStride, int rows, int width) {
        int levelPower = Math.max(4, ceilLog2(rows) / LEVELS);
        int levelStep = 1 << levelPower;
        int levelMask = levelStep - 1;
        int levelSize = ILP * width;
        float[] acc = new float[LEVELS * levelSize];
        int i = 0;
        while (i + levelStep <= rows) {
            for (int j = 0; j < levelStep; j++, i++) {
                addRow(acc, data, off, elementStride, i, width);
            }
            for (int j = 1; j < LEVELS; j++) {
                int to = j * levelSize;
                int from = to - levelSize;
                for (int e = 0; e < levelSize; e++) {
                    acc[to + e] += acc[from + e];
                    acc[from + e] = 0f;
                }
                int mask = levelMask << (j * levelPower);
                if ((i & mask) != 0) {
                    break;
                }
            }
        }
        for (; i < rows; i++) {
            addRow(acc, data, off, elementStride, i, width);
        }
        for (int j = 1; j < LEVELS; j++) {
            int from = j * levelSize;
            for (int e = 0; e < levelSize; e++) {
                acc[e] += acc[from + e];
            }
        }
        return acc;
    }

    /** Adds row {@code row}'s ILP elements to level 0's accumulators. */
    private static void addRow(float[] acc, float[] data, int off, int elementStride, int row, int width) {
        for (int k = 0; k < ILP; k++) {
            int at = off + (row * ILP + k) * elementStride;
            int into = k * width;
            for (int l = 0; l < width; l++) {
                acc[into + l] += data[at + l];
            }
        }
    }

    private static int ceilLog2(int x) {
        return x <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(x - 1);
    }
}
