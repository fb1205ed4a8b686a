package io.streamgrad.testing;

import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.provider.Arguments;

import java.lang.reflect.Method;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generated cases for the property tests (the {@code *Properties} classes): a {@code @ParameterizedTest} takes
 * its arguments from a {@code @MethodSource} factory that returns {@code Cases.of(test, random -> arguments(...))},
 * which draws a fixed number of cases from a seeded random:
 * <pre>{@code
 * @ParameterizedTest(name = "[{index}] shape {0}, seed {1}")
 * @MethodSource("anyRank")
 * void expIsItsOwnDerivative(int[] shape, long seed) { ... }
 *
 * static Stream<Arguments> anyRank(TestInfo test) {
 *     return Cases.of(test, random -> arguments(Shapes.anyRank(random), random.nextLong()));
 * }
 * }</pre>
 * The seed is fixed, and derived from the test method's class and name, so every run (and CI) sees the same
 * cases and two properties sharing a factory see different ones. To explore new cases, change the base seed:
 * {@code ./mvnw test -Dstreamgrad.properties.seed=7} (any long; 0 when unset).
 * <p>
 * There is no shrinking: a failing case is reported as drawn, not reduced to a smallest one. Its display name
 * shows the generated values (shapes, flags, sizes, the seed the test draws its tensors from), which is all it
 * takes to run it again; Surefire's XML reports carry that name too (the pom asks for display names), and its
 * console names the case by its index ({@code [17]}), which is the same case on every run with the same base seed.
 */
public final class Cases {
    /** The system property that sets the base seed. */
    public static final String SEED_PROPERTY = "streamgrad.properties.seed";
    /** How many cases a property gets unless it says otherwise. */
    public static final int DEFAULT_COUNT = 100;

    private static final long BASE_SEED = Long.getLong(SEED_PROPERTY, 0L);

    private Cases() {
    }

    /** {@link #DEFAULT_COUNT} cases for the test method {@code test}, each drawn by {@code generator}. */
    public static Stream<Arguments> of(TestInfo test, Function<SplittableRandom, Arguments> generator) {
        return of(test, DEFAULT_COUNT, generator);
    }

    /** {@code count} cases for the test method {@code test}, each drawn by {@code generator} from its own random. */
    public static Stream<Arguments> of(TestInfo test, int count, Function<SplittableRandom, Arguments> generator) {
        Method method = test.getTestMethod().orElseThrow(() -> new IllegalStateException(
                "Cases.of needs the TestInfo of a test method, got " + test.getDisplayName()));
        String key = method.getDeclaringClass().getName() + "#" + method.getName();
        SplittableRandom random = new SplittableRandom(BASE_SEED * 0x9E3779B97F4A7C15L ^ key.hashCode());
        return IntStream.range(0, count).mapToObj(i -> generator.apply(random.split()));
    }

    /** An int in [min, max], both included. */
    public static int between(SplittableRandom random, int min, int max) {
        return random.nextInt(min, max + 1);
    }

    /** One of {@code values}, each as likely. */
    @SafeVarargs
    public static <T> T oneOf(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
