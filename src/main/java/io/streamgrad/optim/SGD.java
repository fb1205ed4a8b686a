package io.streamgrad.optim;

import io.streamgrad.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay,
 * as PyTorch's {@code torch.optim.SGD} (its single-tensor path, element-wise in the parameter's dtype):
 *
 * <pre>
 * g = grad + weight_decay·p                                  (if weight_decay ≠ 0)
 * buf = clone(g) on the first step, else buf·momentum + (1 − dampening)·g   (if momentum ≠ 0)
 * g = nesterov ? g + momentum·buf : buf                      (if momentum ≠ 0)
 * p = p − lr·g
 * </pre>
 *
 * State per parameter: {@code momentum_buffer} (only with momentum).
 */
public final class SGD extends Optimizer {
    private static final String MOMENTUM_BUFFER = "momentum_buffer";

    /**
     * SGD's hyperparameters, checked on construction with PyTorch's messages. Start from {@link #defaults()}
     * (PyTorch's: lr 0.001, no momentum, no weight decay) and change what you need:
     * {@code SGD.Options.defaults().withLr(0.05).withMomentum(0.9).withNesterov(true)}.
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        /**
         * Checks the values as {@code torch.optim.SGD}'s constructor does (dampening is not checked, as there).
         *
         * @throws IllegalArgumentException if {@code lr}, {@code momentum} or {@code weightDecay} is negative or
         *                                  NaN, or {@code nesterov} is set without a positive momentum and zero
         *                                  dampening
         */
        public Options {
            Hyperparameters.checkLearningRate(lr);
            Hyperparameters.atLeastZero(momentum, "Invalid momentum value: ");
            Hyperparameters.atLeastZero(weightDecay, "Invalid weight_decay value: ");
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
            }
        }

        /** PyTorch's defaults: lr 0.001, momentum 0, dampening 0, weight_decay 0, nesterov off. */
        public static Options defaults() {
            return new Options(1e-3, 0, 0, 0, false);
        }

        /** A copy with learning rate {@code value}. */
        public Options withLr(double value) {
            return new Options(value, momentum, dampening, weightDecay, nesterov);
        }

        /** A copy with momentum factor {@code value}; 0 turns momentum off (no {@code momentum_buffer} is created). */
        public Options withMomentum(double value) {
            return new Options(lr, value, dampening, weightDecay, nesterov);
        }

        /**
         * A copy with dampening {@code value}: the momentum buffer takes {@code (1 − dampening)·g} of each new
         * gradient. The first step copies the gradient undamped, as in PyTorch.
         */
        public Options withDampening(double value) {
            return new Options(lr, momentum, value, weightDecay, nesterov);
        }

        /** A copy with L2 penalty {@code value}, added to the gradient as {@code weight_decay·p}. */
        public Options withWeightDecay(double value) {
            return new Options(lr, momentum, dampening, value, nesterov);
        }

        /**
         * A copy with Nesterov momentum on or off. Each copy is checked on its own, so set a momentum first:
         * {@code defaults().withNesterov(true)} throws.
         */
        public Options withNesterov(boolean value) {
            return new Options(lr, momentum, dampening, weightDecay, value);
        }

        /** These options under PyTorch's param-group keys. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("momentum", momentum);
            m.put("dampening", dampening);
            m.put("weight_decay", weightDecay);
            m.put("nesterov", nesterov);
            return m;
        }

        /** Reads (and checks) the options from PyTorch's param-group keys; all must be present. */
        public static Options fromMap(Map<String, ?> m) {
            return new Options(Hyperparameters.real(m, "lr"), Hyperparameters.real(m, "momentum"),
                    Hyperparameters.real(m, "dampening"), Hyperparameters.real(m, "weight_decay"),
                    Hyperparameters.flag(m, "nesterov"));
        }
    }

    /** Plain SGD with learning rate {@code lr}. */
    public SGD(Iterable<Tensor> params, double lr) {
        this(params, Options.defaults().withLr(lr));
    }

    /**
     * SGD of {@code params} as one parameter group whose defaults are {@code options}.
     *
     * @throws IllegalArgumentException if {@code params} is empty or holds a non-leaf tensor
     */
    public SGD(Iterable<Tensor> params, Options options) {
        super(params, options.toMap(), known -> Options.fromMap(known).toMap());
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
        Options o = Options.fromMap(group.options());
        Tensor g = grad;
        if (o.weightDecay() != 0) {
            g = g.add(param, o.weightDecay());
        }
        if (o.momentum() != 0) {
            Tensor buf = (Tensor) state.get(MOMENTUM_BUFFER);
            if (buf == null) {
                buf = g.clone();
                state.put(MOMENTUM_BUFFER, buf);
            } else {
                buf.mul_(o.momentum()).add_(g, 1 - o.dampening());
            }
            g = o.nesterov() ? g.add(buf, o.momentum()) : buf;
        }
        param.add_(g, -o.lr());
    }
}
