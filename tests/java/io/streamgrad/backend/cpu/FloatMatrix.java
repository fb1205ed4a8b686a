package io.streamgrad.backend.cpu;

import java.util.Random;

/**
 * A rows×cols float32 operand for {@link Gemm#sgemm}, addressed as the kernels address it: element (r, c) is
 * {@code data[off + r*rs + c*cs]}. The array is larger than the region, with a random offset and padding,
 * so that a kernel that reads or writes outside the region shows it.
 */
record FloatMatrix(float[] data, int off, int rs, int cs, int rows, int cols) {

    /** How the operand is laid out in its array. */
    enum Layout {
        ROW_MAJOR,
        /** Column-major: the transposed view of a row-major matrix. */
        TRANSPOSED,
        /** Every row is the same row (row stride 0), as after {@code expand}. */
        BROADCAST_ROWS,
        /** Rows stored bottom-up (negative row stride), as after {@code flip(0)}. */
        REVERSED_ROWS,
        /** Every other column (column stride 2), as after slicing with a step. */
        STRIDED_COLS
    }

    /** A random operand: values in [-1, 1) with some exact zeros and negative zeros. */
    static FloatMatrix random(Random rnd, int rows, int cols, Layout layout) {
        int pad = rnd.nextInt(4);
        int off = rnd.nextInt(5);
        int rs;
        int cs;
        int length;
        switch (layout) {
            case ROW_MAJOR -> {
                rs = cols + pad;
                cs = 1;
                length = off + rows * rs;
            }
            case TRANSPOSED -> {
                rs = 1;
                cs = rows + pad;
                length = off + cols * cs;
            }
            case BROADCAST_ROWS -> {
                rs = 0;
                cs = 1;
                length = off + cols;
            }
            case REVERSED_ROWS -> {
                rs = -(cols + pad);
                cs = 1;
                off += Math.max(0, rows - 1) * (cols + pad);
                length = off + cols;
            }
            case STRIDED_COLS -> {
                rs = 2 * cols + pad;
                cs = 2;
                length = off + rows * rs;
            }
            default -> throw new AssertionError(layout);
        }
        float[] data = new float[length + 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = value(rnd);
        }
        return new FloatMatrix(data, off, rs, cs, rows, cols);
    }

    /** A C operand (column stride 1): rows may be stored bottom-up; the array starts as {@code fill} or random. */
    static FloatMatrix output(Random rnd, int rows, int cols, boolean reversed, boolean randomFill, float fill) {
        int pad = rnd.nextInt(4);
        int ld = cols + pad;
        int off = rnd.nextInt(5) + (reversed ? Math.max(0, rows - 1) * ld : 0);
        float[] data = new float[rnd.nextInt(5) + off + (reversed ? cols : rows * ld) + 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = randomFill ? value(rnd) : fill;
        }
        return new FloatMatrix(data, off, reversed ? -ld : ld, 1, rows, cols);
    }

    float at(int r, int c) {
        return data[off + r * rs + c * cs];
    }

    int index(int r, int c) {
        return off + r * rs + c * cs;
    }

    /** A copy with its own array, for running a kernel on the same starting C twice. */
    FloatMatrix copy() {
        return new FloatMatrix(data.clone(), off, rs, cs, rows, cols);
    }

    /**
     * The contract's result, computed the slow and obvious way: {@code C (+)= A·B} as one fma chain per
     * element, in order of p, into a copy of {@code c}'s array.
     */
    static float[] contractProduct(FloatMatrix a, FloatMatrix b, FloatMatrix c, boolean accumulate) {
        float[] out = c.data.clone();
        for (int i = 0; i < c.rows; i++) {
            for (int j = 0; j < c.cols; j++) {
                float s = accumulate ? c.at(i, j) : 0f;
                for (int p = 0; p < a.cols; p++) {
                    s = Math.fma(a.at(i, p), b.at(p, j), s);
                }
                out[c.index(i, j)] = s;
            }
        }
        return out;
    }

    private static float value(Random rnd) {
        int pick = rnd.nextInt(50);
        if (pick == 0) {
            return 0f;
        }
        if (pick == 1) {
            return -0f;
        }
        return rnd.nextFloat() * 2 - 1;
    }
}
