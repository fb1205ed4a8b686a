package io.streamgrad.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamgrad.tensor.Tensor;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SGD} against its formulas, evaluated by hand in float32 with PyTorch's order of operations
 * (one rounding per tensor op), for two steps so momentum buffers are exercised.
 */
class SgdTest {

    /** A leaf parameter with values {@code p} and gradient {@code g}. */
    static Tensor param(float[] p, float[] g) {
        Tensor t = Tensor.of(p).requiresGrad_();
        t.setGrad(Tensor.of(g));
        return t;
    }

    @Test
    void plainStepSubtractsLrTimesGrad() {
        Tensor p = param(new float[] {1f, 2f}, new float[] {0.5f, -1f});
        new SGD(List.of(p), 0.1).step();
        assertThat(p.toFloatArray()).containsExactly(1f - 0.1f * 0.5f, 2f - 0.1f * -1f);
    }

    @Test
    void momentumWithDampeningAndWeightDecayFollowsTheFormulas() {
        float lr = 0.05f;
        float momentum = 0.9f;
        float dampening = 0.1f;
        float wd = 0.01f;
        float[] p = {1f, -2f};
        float[] g1 = {0.5f, 0.25f};
        float[] g2 = {-0.75f, 1f};
        Tensor t = param(p.clone(), g1);
        SGD sgd = new SGD(List.of(t), SGD.Options.defaults().withLr(0.05).withMomentum(0.9).withDampening(0.1)
                .withWeightDecay(0.01));
        sgd.step();
        t.setGrad(Tensor.of(g2));
        sgd.step();

        float[] buf = new float[2];
        for (int i = 0; i < 2; i++) {
            float d1 = g1[i] + wd * p[i];          // g + wd·p (one fused op in PyTorch's vector path)
            buf[i] = d1;                           // first step: buf = clone(g)
            p[i] = p[i] + -lr * buf[i];
            float d2 = g2[i] + wd * p[i];
            buf[i] = buf[i] * momentum + (1 - dampening) * d2;
            p[i] = p[i] + -lr * buf[i];
        }
        assertCloseUlps(t.toFloatArray(), p);
        assertCloseUlps(((Tensor) sgd.state(t).get("momentum_buffer")).toFloatArray(), buf);
    }

    @Test
    void nesterovStepsAlongGradientPlusMomentumTimesBuffer() {
        float lr = 0.1f;
        float momentum = 0.9f;
        float[] p = {0.5f};
        float[] grads = {2f, -1f};
        Tensor t = param(p.clone(), new float[] {grads[0]});
        SGD sgd = new SGD(List.of(t), SGD.Options.defaults().withLr(0.1).withMomentum(0.9).withNesterov(true));
        float buf = 0;
        for (int step = 0; step < 2; step++) {
            t.setGrad(Tensor.of(grads[step]));
            sgd.step();
            buf = step == 0 ? grads[step] : buf * momentum + grads[step];
            p[0] = p[0] + -lr * (grads[step] + momentum * buf);
        }
        assertCloseUlps(t.toFloatArray(), p);
    }

    @Test
    void parametersWithoutGradAreSkipped() {
        Tensor withGrad = param(new float[] {1f}, new float[] {1f});
        Tensor without = Tensor.of(3f).requiresGrad_();
        SGD sgd = new SGD(List.of(withGrad, without), SGD.Options.defaults().withLr(0.5).withMomentum(0.9));
        sgd.step();
        assertThat(without.toFloatArray()).containsExactly(3f);
        assertThat(sgd.state(without)).isEmpty();
        assertThat(withGrad.toFloatArray()).containsExactly(0.5f);
    }

    @Test
    void invalidArgumentsAreRejectedWithPyTorchsMessages() {
        List<Tensor> params = List.of(Tensor.of(1f).requiresGrad_());
        assertThatThrownBy(() -> new SGD(params, -1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid learning rate: -1.0");
        assertThatThrownBy(() -> SGD.Options.defaults().withMomentum(-0.5))
                .hasMessage("Invalid momentum value: -0.5");
        assertThatThrownBy(() -> SGD.Options.defaults().withWeightDecay(-1e-5))
                .hasMessage("Invalid weight_decay value: -1e-05");
        assertThatThrownBy(() -> SGD.Options.defaults().withNesterov(true))
                .hasMessage("Nesterov momentum requires a momentum and zero dampening");
        assertThatThrownBy(() -> SGD.Options.defaults().withMomentum(0.9).withDampening(0.1).withNesterov(true))
                .hasMessage("Nesterov momentum requires a momentum and zero dampening");
        assertThatThrownBy(() -> new SGD(List.of(), 0.1)).hasMessageStartingWith("optimizer got an empty parameter list");
        assertThatThrownBy(() -> new SGD(List.of(params.get(0).mul(2.0)), 0.1))
                .hasMessageStartingWith("can't optimize a non-leaf Tensor");
    }

    /** Within 2 float32 ulps: PyTorch's vector kernels fuse {@code a + alpha·b} into one rounding. */
    static void assertCloseUlps(float[] got, float[] want) {
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat(Math.abs(got[i] - want[i])).as("element " + i + ": got " + got[i] + ", want " + want[i])
                    .isLessThanOrEqualTo(2 * Math.ulp(want[i]));
        }
    }
}
