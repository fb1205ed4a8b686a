package io.streamgrad.backend.cpu;

import java.util.Arrays;
import java.util.Random;

/**
 * Run in a child JVM by {@link SgemmKernelTest}: prints the kernel {@link Gemm#sgemm} chose there and a hash
 * of the bits of one fixed product on the blocked path. Needs only the main classes and this class.
 */
public final class SgemmProbe {

    private SgemmProbe() {
    }

    public static void main(String[] args) {
        SgemmKernel kernel = SgemmKernel.selected();
        System.out.println("kernel=" + kernel);
        System.out.println("bits=" + productHash(kernel));
    }

    /** A 70×90×300 product of fixed pseudo-random values on two threads, hashed bit for bit. */
    static int productHash(SgemmKernel kernel) {
        int m = 70;
        int n = 90;
        int k = 300;
        Random rnd = new Random(2026);
        float[] a = values(rnd, m * k);
        float[] b = values(rnd, k * n);
        float[] c = new float[m * n];
        Gemm.sgemm(kernel, m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, false, 2);
        return Arrays.hashCode(c);
    }

    private static float[] values(Random rnd, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        return v;
    }
}
