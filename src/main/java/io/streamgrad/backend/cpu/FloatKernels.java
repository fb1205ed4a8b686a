package io.streamgrad.backend.cpu;

import io.streamgrad.backend.BinaryOp;

/** float32 element-wise loops, with unit-stride variants of the arithmetic ops the JIT can vectorize. */
final class FloatKernels {
    private FloatKernels() {
    }

    static void binary(BinaryOp op, float[] x, float[] y, float[] d, int[] o, int[] s, int n) {
        int p = o[0];
        int q = o[1];
        int r = o[2];
        if (s[0] == 1 && s[1] == 1 && s[2] == 1) {
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < n; i++) {
                        d[r + i] = x[p + i] + y[q + i];
                    }
                    return;
                }
                case SUB -> {
                    for (int i = 0; i < n; i++) {
                        d[r + i] = x[p + i] - y[q + i];
                    }
                    return;
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) {
                        d[r + i] = x[p + i] * y[q + i];
                    }
                    return;
                }
                case DIV -> {
                    for (int i = 0; i < n; i++) {
                        d[r + i] = x[p + i] / y[q + i];
                    }
                    return;
                }
                default -> {
                    // comparisons never reach here
                }
            }
        }
        for (int i = 0; i < n; i++, p += s[0], q += s[1], r += s[2]) {
            d[r] = op.apply(x[p], y[q]);
        }
    }
}
