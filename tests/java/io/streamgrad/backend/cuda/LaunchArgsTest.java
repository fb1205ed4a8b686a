package io.streamgrad.backend.cuda;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cuLaunchKernel's kernelParams: an array of pointers, each to one argument's value. */
class LaunchArgsTest {
    private static MemorySegment target(LaunchArgs args, int index, long bytes) {
        long address = args.pointers().getAtIndex(JAVA_LONG, index);
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    @Test
    void eachPointerPointsToItsArgumentsValue() {
        LaunchArgs args = LaunchArgs.forThread().pointer(0xdead_beef_0000L).i32(-7).ints(new int[] {1, 2, 3})
                .f64(2.5).u64(-1L);

        assertThat(args.count()).isEqualTo(5);
        assertThat(target(args, 0, 8).get(JAVA_LONG, 0)).isEqualTo(0xdead_beef_0000L);
        assertThat(target(args, 1, 4).get(JAVA_INT, 0)).isEqualTo(-7);
        assertThat(target(args, 2, 12).toArray(JAVA_INT)).containsExactly(1, 2, 3);
        assertThat(target(args, 3, 8).get(JAVA_DOUBLE, 0)).isEqualTo(2.5);
        assertThat(target(args, 4, 8).get(JAVA_LONG, 0)).isEqualTo(-1L);
    }

    @Test
    void valuesAreEightByteAlignedAndDoNotOverlap() {
        LaunchArgs args = LaunchArgs.forThread().i32(1).ints(new int[] {1, 2, 3}).pointer(5).words(new long[32]).i32(9);

        long previousEnd = 0;
        long[] sizes = {4, 12, 8, 256, 4};
        for (int i = 0; i < args.count(); i++) {
            long address = args.pointers().getAtIndex(JAVA_LONG, i);
            assertThat(address % 8).isZero();
            if (i > 0) {
                assertThat(address).isGreaterThanOrEqualTo(previousEnd);
            }
            previousEnd = address + sizes[i];
        }
    }

    @Test
    void theBufferIsReusedAndEmptiedPerLaunch() {
        LaunchArgs first = LaunchArgs.forThread().i32(1).i32(2);
        LaunchArgs second = LaunchArgs.forThread();

        assertThat(second).isSameAs(first);
        assertThat(second.count()).isZero();
    }

    @Test
    void tooManyArgumentsFailClearly() {
        LaunchArgs args = LaunchArgs.forThread();
        for (int i = 0; i < 32; i++) {
            args.i32(i);
        }

        assertThatThrownBy(() -> args.i32(32)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kernel arguments exceed");
    }
}
