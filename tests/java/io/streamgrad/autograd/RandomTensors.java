package io.streamgrad.autograd;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Shape;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded float64 inputs for the gradient properties, each from the domain an op is smooth on (away from
 * kinks, poles and ties by far more than {@link GradCheck#EPS}), plus random dims and indices.
 */
public final class RandomTensors {
    private final Random random;

    public RandomTensors(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    private static int numel(int[] shape) {
        return Math.toIntExact(Shape.of(shape).numel());
    }

    private Tensor fill(int[] shape, java.util.function.DoubleSupplier value) {
        double[] data = new double[numel(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = value.getAsDouble();
        }
        return Tensor.fromData(data, DType.FLOAT64, shape);
    }

    /** Standard normal values. */
    public Tensor normal(int... shape) {
        return fill(shape, random::nextGaussian);
    }

    /** Uniform values in [low, high). */
    public Tensor uniform(double low, double high, int... shape) {
        return fill(shape, () -> low + (high - low) * random.nextDouble());
    }

    /** Values in [0.5, 2.5): inside the domain of log, sqrt and fractional powers. */
    public Tensor positive(int... shape) {
        return uniform(0.5, 2.5, shape);
    }

    /** Values with magnitude in [0.5, 2) and random sign: divisors, abs and relu inputs. */
    public Tensor awayFromZero(int... shape) {
        return fill(shape, () -> (random.nextBoolean() ? 1 : -1) * (0.5 + 1.5 * random.nextDouble()));
    }

    /** Values in [-2, 2) at least {@code margin} away from each of {@code points}: clamp inputs. */
    public Tensor awayFrom(double margin, double[] points, int... shape) {
        return fill(shape, () -> {
            while (true) {
                double v = -2 + 4 * random.nextDouble();
                boolean far = true;
                for (double p : points) {
                    far &= Math.abs(v - p) >= margin;
                }
                if (far) {
                    return v;
                }
            }
        });
    }

    /** Pairwise distinct values, at least 0.1 apart, in random order: max and min have no ties. */
    public Tensor distinct(int... shape) {
        int n = numel(shape);
        List<Double> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add((i - n / 2.0) * 0.25 + 0.1 * random.nextDouble());
        }
        Collections.shuffle(values, random);
        return Tensor.fromData(values.stream().mapToDouble(Double::doubleValue).toArray(), DType.FLOAT64, shape);
    }

    /** Random booleans. */
    public Tensor bools(int... shape) {
        boolean[] data = new boolean[numel(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextBoolean();
        }
        return Tensor.fromData(data, shape);
    }

    /** {@code count} int64 row numbers in [-rows, rows): negative ones and repeats included. */
    public Tensor rowIndices(int rows, int count) {
        long[] data = new long[count];
        for (int i = 0; i < count; i++) {
            data[i] = random.nextInt(2 * rows) - rows;
        }
        return Tensor.fromData(data, count);
    }

    /** An integer in [low, high]. */
    public int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    /** A dim of a tensor of {@code rank}, negative half the time; 0 or -1 for a 0-dim tensor. */
    public int dim(int rank) {
        int positive = random.nextInt(Math.max(rank, 1));
        return random.nextBoolean() ? positive : positive - Math.max(rank, 1);
    }

    /** A non-empty set of distinct dims of a tensor of {@code rank} (at least 1), some negative. */
    public int[] dims(int rank) {
        List<Integer> all = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            all.add(d);
        }
        Collections.shuffle(all, random);
        int count = 1 + random.nextInt(rank);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int d = all.get(i);
            out[i] = random.nextBoolean() ? d : d - rank;
        }
        return out;
    }

    /** {@code shape} with each dim replaced by 1 with probability one half. */
    public int[] withOnes(int[] shape) {
        int[] out = shape.clone();
        for (int i = 0; i < out.length; i++) {
            if (random.nextBoolean()) {
                out[i] = 1;
            }
        }
        return out;
    }

    /** A random shape with the same number of elements as {@code shape}, possibly with one -1. */
    public int[] reshapeTarget(int[] shape) {
        int rest = numel(shape);
        List<Integer> dims = new ArrayList<>();
        while (rest > 1 && dims.size() < 4 && random.nextInt(3) > 0) {
            List<Integer> divisors = new ArrayList<>();
            for (int d = 2; d <= rest; d++) {
                if (rest % d == 0) {
                    divisors.add(d);
                }
            }
            int d = divisors.get(random.nextInt(divisors.size()));
            dims.add(d);
            rest /= d;
        }
        dims.add(rest);
        if (random.nextBoolean()) {
            dims.add(random.nextInt(dims.size() + 1), 1);
        }
        Collections.shuffle(dims, random);
        int[] out = dims.stream().mapToInt(Integer::intValue).toArray();
        if (random.nextBoolean()) {
            out[random.nextInt(out.length)] = -1;
        }
        return out;
    }
}
