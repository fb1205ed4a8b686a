package io.streamgrad.optim;

import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of parameters optimized with the same hyperparameters, as an entry of PyTorch's
 * {@code optimizer.param_groups}: the parameters plus options under PyTorch's keys ({@code lr},
 * {@code momentum}, {@code betas}, {@code weight_decay}, ...).
 *
 * <p>Build one with {@link #of(Iterable)} and {@link #set(String, Object)} to override the optimizer's
 * defaults for these parameters, then pass it to {@link Optimizer#addParamGroup}; keys left out take the
 * optimizer's defaults. A group the optimizer holds is live: {@link #setLr(double)} changes the learning rate
 * of the next {@code step()}, as assigning {@code group["lr"]} does in PyTorch.
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();

    private ParamGroup(List<Tensor> params) {
        this.params = params;
    }

    /** A group of {@code params} with no options of its own yet. */
    public static ParamGroup of(Iterable<Tensor> params) {
        List<Tensor> list = new ArrayList<>();
        params.forEach(list::add);
        return new ParamGroup(Collections.unmodifiableList(list));
    }

    /** Sets option {@code key} (PyTorch's name, e.g. {@code "lr"}); returns this. */
    public ParamGroup set(String key, Object value) {
        if ("params".equals(key)) {
            throw new IllegalArgumentException("\"params\" is not an option: pass the parameters to ParamGroup.of");
        }
        options.put(key, value);
        return this;
    }

    /** The group's parameters in the order given; unmodifiable. */
    public List<Tensor> params() {
        return params;
    }

    /** The options by PyTorch's keys, read-only. */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(options);
    }

    /** The learning rate. */
    public double lr() {
        return doubleOption("lr");
    }

    /** Changes the learning rate used from the next step on (what LR schedulers and the divergence guard do). */
    public void setLr(double lr) {
        Hyperparameters.checkLearningRate(lr);
        options.put("lr", lr);
    }

    /** A numeric option as a double. */
    public double doubleOption(String key) {
        return Hyperparameters.real(options, key);
    }

    /**
     * A boolean option, such as {@code nesterov} or {@code amsgrad}.
     *
     * @throws IllegalArgumentException if the option is absent or not a {@link Boolean}
     */
    public boolean booleanOption(String key) {
        return Hyperparameters.flag(options, key);
    }

    void replaceOptions(Map<String, Object> newOptions) {
        options.clear();
        options.putAll(newOptions);
    }

    @Override
    public String toString() {
        return "ParamGroup(" + params.size() + " params, " + options + ")";
    }
}
