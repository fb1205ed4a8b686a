package io.streamgrad.optim;

import static io.streamgrad.optim.SgdTest.assertCloseUlps;
import static io.streamgrad.optim.SgdTest.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Adam} and {@link AdamW} against PyTorch's single-tensor formulas, evaluated by hand: tensor math in
 * float32 with one rounding per op, bias corrections and step size in double, then used as float scalars.
 */
class AdamTest {
    private static final double LR = 0.01;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    /** Reference Adam over one parameter, the way PyTorch's {@code _single_tensor_adam} computes it. */
    private static final class Reference {
        final float[] p;
        final float[] m;
        final float[] v;
        final float[] vMax;
        int step;

        Reference(float[] p) {
            this.p = p.clone();
            this.m = new float[p.length];
            this.v = new float[p.length];
            this.vMax = new float[p.length];
        }

        void step(float[] grad, double weightDecay, boolean decoupled, boolean amsgrad) {
            step++;
            for (int i = 0; i < p.length; i++) {
                float g = grad[i];
                if (weightDecay != 0 && decoupled) {
                    p[i] = p[i] * (float) (1 - LR * weightDecay);
                } else if (weightDecay != 0) {
                    g = g + (float) weightDecay * p[i];
                }
                m[i] = m[i] + (float) (1 - BETA1) * (g - m[i]);            // lerp, weight < 0.5
                v[i] = v[i] * (float) BETA2 + (float) (1 - BETA2) * g * g;
                vMax[i] = Math.max(vMax[i], v[i]);
                double bc1 = 1 - Math.pow(BETA1, step);
                double bc2 = 1 - Math.pow(BETA2, step);
                float stepSize = (float) -(LR / bc1);
                float denom = (float) Math.sqrt(amsgrad ? vMax[i] : v[i]) / (float) Math.sqrt(bc2) + (float) EPS;
                p[i] = p[i] + stepSize * m[i] / denom;
            }
        }
    }

    private static void check(Adam adam, Tensor t, Reference ref, float[][] grads, double wd, boolean decoupled,
                              boolean amsgrad) {
        for (float[] g : grads) {
            t.setGrad(Tensor.of(g));
            adam.step();
            ref.step(g, wd, decoupled, amsgrad);
        }
        assertCloseUlps(t.toFloatArray(), ref.p);
        assertCloseUlps(((Tensor) adam.state(t).get("exp_avg")).toFloatArray(), ref.m);
        assertCloseUlps(((Tensor) adam.state(t).get("exp_avg_sq")).toFloatArray(), ref.v);
        Tensor step = (Tensor) adam.state(t).get("step");
        assertThat(step.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(step.dim()).isZero();
        assertThat(step.item()).isEqualTo(grads.length);
    }

    private static final float[] P0 = {0.5f, -1.25f, 2f};
    private static final float[][] GRADS = {{0.1f, -0.2f, 3f}, {-0.4f, 0.05f, 1f}, {0.3f, 0.3f, -2f}};

    @Test
    void adamFollowsTheFormulas() {
        Tensor t = param(P0.clone(), GRADS[0]);
        Adam adam = new Adam(List.of(t), LR);
        check(adam, t, new Reference(P0), GRADS, 0, false, false);
    }

    @Test
    void adamAddsL2WeightDecayToTheGradient() {
        Tensor t = param(P0.clone(), GRADS[0]);
        Adam adam = new Adam(List.of(t), Adam.Options.defaults().withLr(LR).withWeightDecay(0.1));
        check(adam, t, new Reference(P0), GRADS, 0.1, false, false);
    }

    @Test
    void adamWShrinksTheParameterBeforeTheAdamUpdate() {
        Tensor t = param(P0.clone(), GRADS[0]);
        AdamW adamW = new AdamW(List.of(t), LR);
        assertThat(adamW.paramGroups().get(0).doubleOption("weight_decay")).isEqualTo(0.01);
        check(adamW, t, new Reference(P0), GRADS, 0.01, true, false);
    }

    @Test
    void amsgradNormalizesByTheLargestSecondMomentSoFar() {
        float[][] shrinking = {{1f, 2f, 3f}, {0f, 0f, 0f}, {0.1f, 0.1f, 0.1f}};
        Tensor t = param(P0.clone(), shrinking[0]);
        Adam adam = new Adam(List.of(t), Adam.Options.defaults().withLr(LR).withAmsgrad(true));
        Reference ref = new Reference(P0);
        check(adam, t, ref, shrinking, 0, false, true);
        assertCloseUlps(((Tensor) adam.state(t).get("max_exp_avg_sq")).toFloatArray(), ref.vMax);
    }

    @Test
    void lerpSwitchesFormulaForLargeWeights() {
        // beta1 = 0.3 makes the lerp weight 0.7: PyTorch then computes end − (end − m)·(1 − w).
        Tensor t = param(new float[] {1f}, new float[] {0.37f});
        Adam adam = new Adam(List.of(t), Adam.Options.defaults().withBetas(0.3, 0.999));
        adam.step();
        t.setGrad(Tensor.of(0.11f));
        adam.step();
        float w = (float) (1 - 0.3);
        float m1 = 0.37f - (0.37f - 0f) * (1f - w);
        float m2 = 0.11f - (0.11f - m1) * (1f - w);
        assertThat(((Tensor) adam.state(t).get("exp_avg")).toFloatArray()).containsExactly(m2);
    }

    @Test
    void invalidArgumentsAreRejectedWithPyTorchsMessages() {
        assertThatThrownBy(() -> Adam.Options.defaults().withLr(-0.001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid learning rate: -0.001");
        assertThatThrownBy(() -> Adam.Options.defaults().withEps(-1e-8)).hasMessage("Invalid epsilon value: -1e-08");
        assertThatThrownBy(() -> Adam.Options.defaults().withBetas(1.0, 0.999))
                .hasMessage("Invalid beta parameter at index 0: 1.0");
        assertThatThrownBy(() -> Adam.Options.defaults().withBetas(0.9, -0.1))
                .hasMessage("Invalid beta parameter at index 1: -0.1");
        assertThatThrownBy(() -> Adam.Options.defaults().withWeightDecay(-0.01))
                .hasMessage("Invalid weight_decay value: -0.01");
    }
}
