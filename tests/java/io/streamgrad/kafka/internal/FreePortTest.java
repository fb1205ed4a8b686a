package io.streamgrad.kafka.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Ports probed together are distinct and free: one probe gives a broker its client and controller ports. */
class FreePortTest {
    @Test
    void portsProbedTogetherAreDistinctAndFree() {
        int[] ports = FreePort.onLoopback(64);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(64);
        for (int p : ports) {
            assertThat(FreePort.isFree(p)).as("port %d", p).isTrue();
        }
    }
}
