package io.streamgrad.tensor;

/**
 * A seedable random source with PyTorch's CPU generator semantics: a 32-bit Mersenne Twister (mt19937)
 * seeded as {@code torch.manual_seed}, uniform floats from 24 random bits (doubles from 53), and normal
 * samples by Box-Muller in PyTorch's element order, so that the same seed gives PyTorch's {@code rand}.
 *
 * <p>Not thread-safe: the default generator is shared, so draw from it on one thread at a time.
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator(67280421310721L);
    private static final int N = 624;
    private static final int M = 397;

    private final int[] state = new int[N];
    private int index;
    private double nextDoubleNormal = Double.NaN;

    /** A generator seeded with {@code seed}. */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The process-wide generator used by {@link Tensor#rand} and friends. */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /** Restarts the sequence from {@code seed}, as {@code torch.manual_seed(seed)}. */
    public synchronized void manualSeed(long seed) {
        state[0] = (int) seed;
        for (int j = 1; j < N; j++) {
            state[j] = 1812433253 * (state[j - 1] ^ (state[j - 1] >>> 30)) + j;
        }
        index = N;
        nextDoubleNormal = Double.NaN;
    }

    /** The next 32 random bits, as an unsigned value. */
    synchronized long nextUint32() {
        if (index >= N) {
            twist();
        }
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
            int next = state[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) {
                next ^= 0x9908b0df;
            }
            state[i] = next;
        }
        index = 0;
    }

    private long nextUint64() {
        long hi = nextUint32();
        long lo = nextUint32();
        return hi << 32 | lo;
    }

    /** A uniform float in [0, 1) from 24 random bits. */
    public float nextFloat() {
        return (nextUint32() & ((1L << 24) - 1)) * 0x1.0p-24f;
    }

    /** A uniform double in [0, 1) from 53 random bits. */
    public double nextDouble() {
        return (nextUint64() & ((1L << 53) - 1)) * 0x1.0p-53;
    }

    /** A standard normal sample (PyTorch's scalar path: Box-Muller on two doubles, caching the sine). */
    public synchronized double nextGaussian() {
        if (!Double.isNaN(nextDoubleNormal)) {
            double cached = nextDoubleNormal;
            nextDoubleNormal = Double.NaN;
            return cached;
        }
        double u1 = nextDouble();
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log1p(-u2));
        double theta = 2.0 * Math.PI * u1;
        nextDoubleNormal = r * Math.sin(theta);
        return r * Math.cos(theta);
    }

    /** Uniform samples in [0, 1). */
    public Tensor rand(int[] shape, DType dtype) {
        requireFloat(dtype, "rand");
        int n = (int) Shape.of(shape).numel();
        if (dtype == DType.FLOAT32) {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = nextFloat();
            }
            return Creation.fromArray(values, shape);
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = nextDouble();
        }
        return Creation.fromArray(values, shape);
    }

    /**
     * Standard normal samples. Like PyTorch's CPU kernel, 16 or more elements are filled in blocks of 16
     * uniforms transformed pairwise (i, i+8); fewer use the scalar path.
     */
    public Tensor randn(int[] shape, DType dtype) {
        requireFloat(dtype, "randn");
        int n = (int) Shape.of(shape).numel();
        double[] values = new double[n];
        if (n >= 16) {
            fillNormal16(values, dtype == DType.FLOAT32);
        } else {
            for (int i = 0; i < n; i++) {
                values[i] = nextGaussian();
            }
        }
        return Creation.fromDoubles(values, shape, dtype);
    }

    private void fillNormal16(double[] data, boolean single) {
        int n = data.length;
        for (int i = 0; i < n; i++) {
            data[i] = single ? nextFloat() : nextDouble();
        }
        for (int i = 0; i + 16 <= n; i += 16) {
            boxMuller16(data, i, single);
        }
        if (n % 16 != 0) {
            int start = n - 16;
            for (int i = 0; i < 16; i++) {
                data[start + i] = single ? nextFloat() : nextDouble();
            }
            boxMuller16(data, start, single);
        }
    }

    private static void boxMuller16(double[] data, int at, boolean single) {
        for (int j = 0; j < 8; j++) {
            if (single) {
                float u1 = 1 - (float) data[at + j];
                float u2 = (float) data[at + j + 8];
                float radius = (float) Math.sqrt(-2 * (float) Math.log(u1));
                float theta = 2.0f * (float) Math.PI * u2;
                data[at + j] = radius * (float) Math.cos(theta);
                data[at + j + 8] = radius * (float) Math.sin(theta);
            } else {
                double u1 = 1 - data[at + j];
                double u2 = data[at + j + 8];
                double radius = Math.sqrt(-2 * Math.log(u1));
                double theta = 2.0 * Math.PI * u2;
                data[at + j] = radius * Math.cos(theta);
                data[at + j + 8] = radius * Math.sin(theta);
            }
        }
    }

    /**
     * Fills a tensor's elements with U(low, high) samples in place, as {@code tensor.uniform_(low, high)}:
     * each sample is {@code u * (high - low) + low} with the bounds in the tensor's dtype and the product and
     * sum in float64, rounded once, as PyTorch's CPU kernel computes it.
     */
    public Tensor uniform_(Tensor t, double low, double high) {
        int n = (int) t.numel();
        boolean single = t.dtype() == DType.FLOAT32;
        requireFloat(t.dtype(), "uniform_");
        double from = single ? (float) low : low;
        double span = single ? (float) ((float) high - (float) low) : high - low;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double u = single ? nextFloat() : nextDouble();
            values[i] = u * span + from;
        }
        t.copyFrom(Creation.fromArray(values, t.sizes.clone()));
        return t;
    }

    private static void requireFloat(DType dtype, String op) {
        if (!dtype.isFloatingPoint()) {
            throw new TensorException("\"" + op + "\" expects a floating point dtype, got " + dtype);
        }
    }
}
