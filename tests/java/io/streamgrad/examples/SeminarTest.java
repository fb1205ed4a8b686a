package io.streamgrad.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The seminar prints what the PyTorch seminar printed, and its fits behave as the seminar says. */
class SeminarTest {
    private static final ByteArrayOutputStream BYTES = new ByteArrayOutputStream();

    private static Listing listing() {
        BYTES.reset();
        return new Listing(new PrintStream(BYTES, true, StandardCharsets.UTF_8));
    }

    private static String printed() {
        return BYTES.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tensorBlocksPrintPyTorchReprs() {
        TensorBasics.run(listing());

        assertThat(printed())
                .contains("tensor([[1, 2],\n        [3, 4]])")
                .contains("torch.Size([2, 2])")
                .contains("torch.int64")
                .contains("tensor([[0.4963, 0.7682, 0.0885],")
                .contains("device(type='cpu')")
                .contains("tensor([[1, 3],\n        [2, 4]])")
                .contains("tensor([[6, 7],\n        [8, 9]])");
    }

    @Test
    void withoutAGpuTheCudaBlockExplainsInsteadOfFailing() {
        TensorBasics.run(listing());

        assertThat(printed()).contains("CUDA is not available");
    }

    @Test
    void handWrittenRegressionPrintsTheSeminarsLossAndGradientsAndConverges() {
        double last = SimpleRegression.run(listing());

        assertThat(printed())
                .contains("tensor(328350., grad_fn=<SumBackward0>)")
                .contains("tensor([-656700.])")
                .contains("tensor([-9900.])")
                .contains("step 1: loss = tensor(38664.0039, grad_fn=<SumBackward0>)");
        assertThat(last).isLessThan(0.01);
    }

    @Test
    void autogradFlagsAndLinearReprMatchPyTorch() {
        AutogradBasics.run(listing());

        assertThat(printed())
                .contains("tensor(2., grad_fn=<SumBackward0>)")
                .contains("<MulBackward0 object>")
                .contains("False, None")
                .contains("Linear(in_features=3, out_features=1, bias=True)");
    }

    @Test
    void unscaledStartupsExplodeAndScaledStartupsLearn() {
        double[][] losses = StartupsRegression.run(listing());
        double[] raw = losses[0];
        double[] scaled = losses[1];

        assertThat(Arrays.stream(raw).anyMatch(Double::isInfinite)).isTrue();
        assertThat(Double.isNaN(raw[raw.length - 1])).isTrue();
        for (int i = 1; i < scaled.length; i++) {
            assertThat(scaled[i]).isLessThan(scaled[i - 1]);
        }
        assertThat(printed()).contains("tensor(inf, grad_fn=<SumBackward0>)").contains("tensor(nan, grad_fn=");
    }
}
