package io.streamgrad.tensor;

/** Python numbers as 0-dim "wrapped number" tensors, which promote as scalars (they never widen a tensor). */
final class Scalars {
    private Scalars() {
    }

    static Tensor wrap(double value) {
        Tensor t = Creation.fromArray(new double[] {value}, new int[0]);
        t.wrappedNumber = true;
        return t;
    }

    static Tensor wrap(long value) {
        Tensor t = Creation.fromArray(new long[] {value}, new int[0]);
        t.wrappedNumber = true;
        return t;
    }
}
