package io.streamgrad.autograd;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;

/**
 * Random tensor shapes for the gradient properties: ranks 0 to 4, sizes 1 to 5. Use them as
 * {@code @ForAll(supplier = Shapes.AnyRank.class) int[] shape}.
 */
public final class Shapes {
    public static final int MAX_RANK = 4;
    public static final int MAX_SIZE = 5;

    private Shapes() {
    }

    public static Arbitrary<int[]> ofRank(int minRank, int maxRank) {
        return Arbitraries.integers().between(1, MAX_SIZE).array(int[].class).ofMinSize(minRank).ofMaxSize(maxRank);
    }

    /** Ranks 0 to 4. */
    public static final class AnyRank implements ArbitrarySupplier<int[]> {
        @Override
        public Arbitrary<int[]> get() {
            return ofRank(0, MAX_RANK);
        }
    }

    /** Ranks 1 to 4. */
    public static final class AtLeast1D implements ArbitrarySupplier<int[]> {
        @Override
        public Arbitrary<int[]> get() {
            return ofRank(1, MAX_RANK);
        }
    }

    /** Ranks 2 to 4. */
    public static final class AtLeast2D implements ArbitrarySupplier<int[]> {
        @Override
        public Arbitrary<int[]> get() {
            return ofRank(2, MAX_RANK);
        }
    }

    /**
     * Two shapes that broadcast together: a random shape, and a partner made from it by dropping some
     * leading dims and replacing some of the others with 1; which of the two comes first is random too.
     */
    public static final class BroadcastPair implements ArbitrarySupplier<int[][]> {
        @Override
        public Arbitrary<int[][]> get() {
            return broadcastPairs(ofRank(0, MAX_RANK));
        }
    }

    /** Broadcasting pairs of batch shapes for matmul: ranks 0 to 2, sizes 1 to 3. */
    public static final class BatchPair implements ArbitrarySupplier<int[][]> {
        @Override
        public Arbitrary<int[][]> get() {
            return broadcastPairs(Arbitraries.integers().between(1, 3).array(int[].class).ofMaxSize(2));
        }
    }

    private static Arbitrary<int[][]> broadcastPairs(Arbitrary<int[]> shapes) {
        return shapes.flatMap(shape -> Combinators.combine(
                    Arbitraries.integers().between(0, shape.length),
                    Arbitraries.of(true, false).array(boolean[].class).ofSize(shape.length),
                    Arbitraries.of(true, false))
                .as((dropped, ones, swap) -> {
                    int[] partner = partner(shape, dropped, ones);
                    return swap ? new int[][] {partner, shape} : new int[][] {shape, partner};
                }));
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
