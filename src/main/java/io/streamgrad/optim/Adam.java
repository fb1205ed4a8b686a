package io.streamgrad.optim;

import io.streamgrad.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, as PyTorch's {@code torch.optim.Adam} (its single-tensor path, element-wise in the parameter's
 * dtype), with optional AMSGrad and L2 or decoupled (AdamW) weight decay:
 *
 * <pre>
 * step += 1
 * p = p·(1 − lr·weight_decay)                 (decoupled weight decay, AdamW)
 * g = grad + weight_decay·p                    (L2 weight decay, Adam)
 * exp_avg.lerp_(g, 1 − β1);  exp_avg_sq = exp_avg_sq·β2 + (1 − β2)·g·g
 * denom = sqrt(exp_avg_sq [or its running max, AMSGrad]) / sqrt(1 − β2^step) + eps
 * p = p − lr / (1 − β1^step) · exp_avg / denom
 * </pre>
 *
 * The bias corrections and step size are computed in double precision, then applied to the tensors as
 * scalars, as PyTorch does. State per parameter: {@code step} (a float32 0-dim tensor, as PyTorch's),
 * {@code exp_avg}, {@code exp_avg_sq} and, with AMSGrad, {@code max_exp_avg_sq}.
 */
public class Adam extends Optimizer {
    private static final String STEP = "step";
    private static final String EXP_AVG = "exp_avg";
    private static final String EXP_AVG_SQ = "exp_avg_sq";
    private static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    /**
     * Adam's hyperparameters, checked on construction with PyTorch's messages. Start from
     * {@link #defaults()} (PyTorch's: lr 0.001, betas (0.9, 0.999), eps 1e-8, no weight decay) and change what
     * you need: {@code Adam.Options.defaults().withLr(0.01).withAmsgrad(true)}.
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                          boolean decoupledWeightDecay) {
        /**
         * Checks the values as {@code torch.optim.Adam}'s constructor does.
         *
         * @throws IllegalArgumentException if {@code lr}, {@code eps} or {@code weightDecay} is negative or NaN,
         *                                  or a beta is outside [0, 1)
         */
        public Options {
            Hyperparameters.checkLearningRate(lr);
            Hyperparameters.atLeastZero(eps, "Invalid epsilon value: ");
            checkBeta(beta1, 0);
            checkBeta(beta2, 1);
            Hyperparameters.atLeastZero(weightDecay, "Invalid weight_decay value: ");
        }

        private static void checkBeta(double beta, int index) {
            if (!(beta >= 0.0 && beta < 1.0)) {
                throw new IllegalArgumentException("Invalid beta parameter at index " + index + ": "
                        + PyRepr.ofDouble(beta));
            }
        }

        /** PyTorch's defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8, weight_decay 0, AMSGrad off, L2 decay. */
        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
        }

        /** A copy with learning rate {@code value}. */
        public Options withLr(double value) {
            return new Options(value, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay);
        }

        /**
         * A copy with PyTorch's {@code betas}: the decay rates of the running averages of the gradient
         * ({@code b1}) and of its square ({@code b2}), each in [0, 1).
         */
        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, amsgrad, decoupledWeightDecay);
        }

        /** A copy with {@code eps} {@code value}, added to the denominator for numerical stability. */
        public Options withEps(double value) {
            return new Options(lr, beta1, beta2, value, weightDecay, amsgrad, decoupledWeightDecay);
        }

        /**
         * A copy with weight decay {@code value}: an L2 penalty added to the gradient, or, with
         * {@link #withDecoupledWeightDecay decoupled} decay, the factor that shrinks the parameter by
         * {@code lr·weight_decay} each step.
         */
        public Options withWeightDecay(double value) {
            return new Options(lr, beta1, beta2, eps, value, amsgrad, decoupledWeightDecay);
        }

        /**
         * A copy with AMSGrad on or off: when on, the denominator uses the running maximum of {@code exp_avg_sq}
         * ("On the Convergence of Adam and Beyond").
         */
        public Options withAmsgrad(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, value, decoupledWeightDecay);
        }

        /** {@code true} applies weight decay to the parameter directly (AdamW) instead of to the gradient. */
        public Options withDecoupledWeightDecay(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, value);
        }

        /** These options under PyTorch's param-group keys ({@code betas} as a list of two). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("betas", List.of(beta1, beta2));
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
            m.put("amsgrad", amsgrad);
            m.put("decoupled_weight_decay", decoupledWeightDecay);
            return m;
        }

        /** Reads (and checks) the options from PyTorch's param-group keys; all must be present. */
        public static Options fromMap(Map<String, ?> m) {
            double[] betas = Hyperparameters.pair(m, "betas");
            return new Options(Hyperparameters.real(m, "lr"), betas[0], betas[1], Hyperparameters.real(m, "eps"),
                    Hyperparameters.real(m, "weight_decay"), Hyperparameters.flag(m, "amsgrad"),
                    Hyperparameters.flag(m, "decoupled_weight_decay"));
        }
    }

    /** Adam with PyTorch's defaults. */
    public Adam(Iterable<Tensor> params) {
        this(params, Options.defaults());
    }

    /** Adam with PyTorch's defaults but learning rate {@code lr}. */
    public Adam(Iterable<Tensor> params, double lr) {
        this(params, Options.defaults().withLr(lr));
    }

    /**
     * Adam of {@code params} as one parameter group whose defaults are {@code options}.
     *
     * @throws IllegalArgumentException if {@code params} is empty or holds a non-leaf tensor
     */
    public Adam(Iterable<Tensor> params, Options options) {
        super(params, options.toMap(), known -> Options.fromMap(known).toMap());
    }

    @Override
    protected final void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
        Options o = Options.fromMap(group.options());
        if (state.isEmpty()) {
            state.put(STEP, Tensor.scalar(0.0));
            state.put(EXP_AVG, Tensor.zerosLike(param));
            state.put(EXP_AVG_SQ, Tensor.zerosLike(param));
        }
        double step = stepTensor(state).add_(1L).item();
        Tensor g = grad;
        if (o.weightDecay() != 0) {
            if (o.decoupledWeightDecay()) {
                param.mul_(1 - o.lr() * o.weightDecay());
            } else {
                g = g.add(param, o.weightDecay());
            }
        }
        Tensor expAvg = (Tensor) state.get(EXP_AVG);
        Tensor expAvgSq = (Tensor) state.get(EXP_AVG_SQ);
        PointwiseMath.lerp_(expAvg, g, 1 - o.beta1());
        PointwiseMath.addcmul_(expAvgSq.mul_(o.beta2()), g, g, 1 - o.beta2());
        // StrictMath: the same doubles on every JVM and CPU, so a resumed run matches the original bit for bit.
        double biasCorrection1 = 1 - StrictMath.pow(o.beta1(), step);
        double biasCorrection2 = 1 - StrictMath.pow(o.beta2(), step);
        double stepSize = o.lr() / biasCorrection1;
        double biasCorrection2Sqrt = StrictMath.sqrt(biasCorrection2);
        Tensor second = expAvgSq;
        if (o.amsgrad()) {
            Tensor max = maxExpAvgSq(state, param);
            second = max.copy_(PointwiseMath.maximum(max, expAvgSq));
        }
        Tensor denom = second.sqrt().div(biasCorrection2Sqrt).add_(o.eps());
        PointwiseMath.addcdiv_(param, expAvg, denom, -stepSize);
    }

    /** The step counter; a restored state may hold it as a plain number (e.g. after a JSON round trip). */
    private static Tensor stepTensor(Map<String, Object> state) {
        Object step = state.get(STEP);
        if (step instanceof Number n) {
            Tensor t = Tensor.scalar(n.doubleValue());
            state.put(STEP, t);
            return t;
        }
        return (Tensor) step;
    }

    /** AMSGrad's running max, created at its first use (also when AMSGrad is switched on mid-training). */
    private static Tensor maxExpAvgSq(Map<String, Object> state, Tensor param) {
        return (Tensor) state.computeIfAbsent(MAX_EXP_AVG_SQ, k -> Tensor.zerosLike(param));
    }
}
