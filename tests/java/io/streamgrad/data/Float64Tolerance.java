package io.streamgrad.data;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The golden format's float64 tolerance, {@code |got − want| ≤ 1e-10 + 1e-9·|want|}, for arrays read from
 * JSON fixtures.
 */
final class Float64Tolerance {
    private static final double ABS = 1e-10;
    private static final double REL = 1e-9;

    private Float64Tolerance() {
    }

    static void assertClose(String what, double[] want, double[] got) {
        assertThat(got).as("%s: length", what).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat(Math.abs(got[i] - want[i]))
                    .as("%s[%d]: got %s, want %s", what, i, got[i], want[i])
                    .isLessThanOrEqualTo(ABS + REL * Math.abs(want[i]));
        }
    }

    static void assertClose(String what, double[][] want, double[][] got) {
        assertThat(got).as("%s: rows", what).hasNumberOfRows(want.length);
        for (int i = 0; i < want.length; i++) {
            assertClose(what + "[" + i + "]", want[i], got[i]);
        }
    }

    static double[] vector(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    static double[][] matrix(JsonNode rows) {
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vector(rows.get(i));
        }
        return out;
    }
}
