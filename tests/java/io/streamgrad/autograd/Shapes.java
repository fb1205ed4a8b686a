package io.streamgrad.autograd;

import static io.streamgrad.testing.Cases.between;

import java.util.SplittableRandom;

/**
 * Random tensor shapes for the gradient properties, drawn from a case's random (see
 * {@link io.streamgrad.testing.Cases}): ranks 0 to 4, sizes 1 to 5. The rank is uniform, so {@link #anyRank}
 * gives a 0-dim tensor about one time in five; one shape in ten is all ones, and otherwise each size is 1 about
 * one time in five.
 */
public final class Shapes {
    public static final int MAX_RANK = 4;
    public static final int MAX_SIZE = 5;

    private Shapes() {
    }

    /** Ranks 0 to 4. */
    public static int[] anyRank(SplittableRandom random) {
        return ofRank(random, 0, MAX_RANK, MAX_SIZE);
    }

    /** Ranks 1 to 4. */
    public static int[] atLeast1D(SplittableRandom random) {
        return ofRank(random, 1, MAX_RANK, MAX_SIZE);
    }

    /** Ranks 2 to 4. */
    public static int[] atLeast2D(SplittableRandom random) {
        return ofRank(random, 2, MAX_RANK, MAX_SIZE);
    }

    /**
     * Two shapes that broadcast together: a random shape, and a partner made from it by dropping some
     * leading dims and replacing some of the others with 1; which of the two comes first is random too.
     */
    public static int[][] broadcastPair(SplittableRandom random) {
        return broadcastPair(random, anyRank(random));
    }

    /** Broadcasting pairs of batch shapes for matmul: ranks 0 to 2, sizes 1 to 3. */
    public static int[][] batchPair(SplittableRandom random) {
        return broadcastPair(random, ofRank(random, 0, 2, 3));
    }

    /** A rank in [minRank, maxRank] and sizes in [1, maxSize]; all ones one time in ten. */
    static int[] ofRank(SplittableRandom random, int minRank, int maxRank, int maxSize) {
        int[] shape = new int[between(random, minRank, maxRank)];
        boolean allOnes = random.nextInt(10) == 0;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = allOnes ? 1 : between(random, 1, maxSize);
        }
        return shape;
    }

    private static int[][] broadcastPair(SplittableRandom random, int[] shape) {
        int dropped = between(random, 0, shape.length);
        boolean[] ones = new boolean[shape.length];
        for (int i = 0; i < ones.length; i++) {
            ones[i] = random.nextBoolean();
        }
        int[] partner = partner(shape, dropped, ones);
        return random.nextBoolean() ? new int[][] {partner, shape} : new int[][] {shape, partner};
    }

    /** The shape two broadcasting shapes broadcast to. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int sa = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int sb = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            out[i] = Math.max(sa, sb);
        }
        return out;
    }

    /** {@code batch} followed by {@code tail}. */
    public static int[] concat(int[] batch, int... tail) {
        int[] out = java.util.Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, out, batch.length, tail.length);
        return out;
    }

    /** {@code shape} without its first {@code dropped} dims, and size 1 where {@code ones} says so. */
    static int[] partner(int[] shape, int dropped, boolean[] ones) {
        int[] out = new int[shape.length - dropped];
        for (int i = 0; i < out.length; i++) {
            out[i] = ones[i + dropped] ? 1 : shape[i + dropped];
        }
        return out;
    }
}
