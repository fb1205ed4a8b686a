package io.streamgrad.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamgrad.nn.Linear;
import io.streamgrad.nn.Mlp;
import io.streamgrad.nn.Sequential;
import io.streamgrad.nn.functional.F;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Optimizer#stateDict()} mirrors PyTorch's structure and round-trips so training resumes bit for bit. */
class OptimizerStateDictTest {
    private static final int STEPS = 6;

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd nesterov", (Function<List<Tensor>, Optimizer>) p -> new SGD(p,
                        SGD.Options.defaults().withLr(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(1e-3))),
                Arguments.of("adam amsgrad", (Function<List<Tensor>, Optimizer>) p -> new Adam(p,
                        Adam.Options.defaults().withLr(0.01).withAmsgrad(true).withWeightDecay(1e-3))),
                Arguments.of("adamw", (Function<List<Tensor>, Optimizer>) p -> new AdamW(p, 0.01)));
    }

    /** A small regression problem: y = 2·x0 − x1 + 0.5. */
    private static Tensor[] data() {
        Tensor.manualSeed(11);
        Tensor x = Tensor.rand(32, 2);
        Tensor y = x.select(1, 0).mul(2.0).sub(x.select(1, 1)).add(0.5).unsqueeze(1);
        return new Tensor[] {x, y};
    }

    private static List<Float> train(Sequential model, Optimizer opt, Tensor[] data, int steps) {
        List<Float> losses = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            Tensor loss = F.mseLoss(model.forward(data[0]), data[1]);
            loss.backward();
            opt.step();
            losses.add((float) loss.item());
        }
        return losses;
    }

    private static Map<String, Tensor> snapshot(Sequential model) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumedTrainingIsBitIdentical(String name, Function<List<Tensor>, Optimizer> factory) {
        Tensor[] data = data();
        Tensor.manualSeed(5);
        Sequential straight = Mlp.of(2, new int[] {4}, 1, "tanh");
        Optimizer straightOpt = factory.apply(straight.parameters());
        train(straight, straightOpt, data, STEPS);
        List<Float> wantLosses = train(straight, straightOpt, data, STEPS);

        Tensor.manualSeed(5);
        Sequential first = Mlp.of(2, new int[] {4}, 1, "tanh");
        Optimizer firstOpt = factory.apply(first.parameters());
        train(first, firstOpt, data, STEPS);
        Map<String, Tensor> modelState = snapshot(first);
        Map<String, Object> optState = firstOpt.stateDict();

        Tensor.manualSeed(99); // different initial weights: everything must come from the state dicts
        Sequential resumed = Mlp.of(2, new int[] {4}, 1, "tanh");
        resumed.loadStateDict(modelState);
        Optimizer resumedOpt = factory.apply(resumed.parameters());
        resumedOpt.loadStateDict(optState);
        List<Float> gotLosses = train(resumed, resumedOpt, data, STEPS);

        assertThat(gotLosses).as(name + " losses").containsExactlyElementsOf(wantLosses);
        straight.stateDict().forEach((k, v) -> assertThat(resumed.stateDict().get(k).toFloatArray())
                .as(name + " " + k).containsExactly(v.toFloatArray()));
    }

    /** A nested map of a state dict, typed for assertions. */
    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object value) {
        return (Map<Object, Object>) value;
    }

    /** Adam (lr 0.01) over {@code layer}, after one step on a batch of ones. */
    private static Adam steppedAdam(Linear layer) {
        Adam adam = new Adam(layer.parameters(), 0.01);
        layer.forward(Tensor.ones(2, layer.inFeatures())).sum().backward();
        adam.step();
        return adam;
    }

    @Test
    void structureIsPyTorchs() {
        Map<String, Object> sd = steppedAdam(new Linear(3, 1)).stateDict();

        assertThat(sd.keySet()).containsExactly("state", "param_groups");
        Map<Object, Object> state = map(sd.get("state"));
        assertThat(state.keySet()).containsExactly(0, 1);
        Map<Object, Object> weightState = map(state.get(0));
        assertThat(weightState.keySet()).containsExactly("step", "exp_avg", "exp_avg_sq");
        assertThat(((Tensor) weightState.get("step")).item()).isEqualTo(1.0);
        assertThat(((Tensor) weightState.get("exp_avg")).shape().toArray()).containsExactly(1, 3);
        List<?> groups = (List<?>) sd.get("param_groups");
        assertThat(groups).hasSize(1);
        assertThat(map(groups.get(0))).containsEntry("lr", 0.01).containsEntry("betas", List.of(0.9, 0.999))
                .containsEntry("eps", 1e-8).containsEntry("weight_decay", 0.0).containsEntry("amsgrad", false)
                .containsEntry("params", List.of(0, 1));
    }

    @Test
    void savedTensorsAreCopiesThatLaterStepsDoNotChange() {
        Linear layer = new Linear(3, 1);
        SGD sgd = new SGD(layer.parameters(), SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
        layer.forward(Tensor.ones(1, 3)).sum().backward();
        sgd.step();
        Map<String, Object> sd = sgd.stateDict();
        Tensor saved = (Tensor) map(map(sd.get("state")).get(0)).get("momentum_buffer");
        float[] before = saved.toFloatArray();
        sgd.step();
        assertThat(saved.toFloatArray()).containsExactly(before);
        assertThat(saved).isNotSameAs(sgd.state(layer.weight()).get("momentum_buffer"));
    }

    @Test
    void groupsNumberParametersAcrossGroupsAndKeepTheirOwnOptions() {
        Sequential model = Mlp.of(2, new int[] {3}, 1, "relu");
        Linear first = (Linear) model.get(0);
        Linear last = (Linear) model.get(2);
        SGD sgd = new SGD(first.parameters(), 0.1);
        sgd.addParamGroup(ParamGroup.of(last.parameters()).set("lr", 0.5).set("momentum", 0.9));

        List<?> groups = (List<?>) sgd.stateDict().get("param_groups");
        assertThat(map(groups.get(0))).containsEntry("lr", 0.1).containsEntry("params", List.of(0, 1));
        assertThat(map(groups.get(1))).containsEntry("lr", 0.5).containsEntry("momentum", 0.9)
                .containsEntry("params", List.of(2, 3));
        assertThatThrownBy(() -> sgd.addParamGroup(ParamGroup.of(List.of(first.weight()))))
                .hasMessage("some parameters appear in more than one parameter group");
        assertThatThrownBy(() -> sgd.addParamGroup(ParamGroup.of(List.of(Tensor.ones(1).requiresGrad_()))
                .set("lr", -2))).hasMessage("Invalid learning rate: -2.0");
    }

    @Test
    void loadingRestoresGroupOptionsAndAcceptsStringIndices() {
        Linear layer = new Linear(2, 1);
        SGD saved = new SGD(layer.parameters(), SGD.Options.defaults().withLr(0.3).withMomentum(0.5));
        layer.forward(Tensor.ones(1, 2)).sum().backward();
        saved.step();
        Map<String, Object> sd = saved.stateDict();
        Map<Object, Object> stringKeyed = new LinkedHashMap<>();
        map(sd.get("state")).forEach((k, v) -> stringKeyed.put(String.valueOf(k), v));
        sd.put("state", stringKeyed);

        SGD restored = new SGD(layer.parameters(), 0.01);
        restored.loadStateDict(sd);

        assertThat(restored.paramGroups().get(0).lr()).isEqualTo(0.3);
        assertThat(restored.paramGroups().get(0).doubleOption("momentum")).isEqualTo(0.5);
        assertThat(restored.state(layer.weight())).containsKey("momentum_buffer");
    }

    @Test
    void mismatchedStateDictsAreRejectedWithoutChangingTheOptimizer() {
        Adam adam = steppedAdam(new Linear(2, 1));
        Map<String, Object> sd = adam.stateDict();

        Adam onlyWeight = new Adam(List.of(new Linear(2, 1).weight()), 0.01);
        assertThatThrownBy(() -> onlyWeight.loadStateDict(sd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loaded state dict contains a parameter group that doesn't match the size of optimizer's"
                        + " group: group 0 has 2 params in the state dict and 1 in the optimizer");

        Linear wider = new Linear(3, 1);
        Adam other = new Adam(wider.parameters(), 0.02);
        assertThatThrownBy(() -> other.loadStateDict(sd))
                .hasMessage("state 'exp_avg' of parameter 0 has shape [1, 2], but the parameter has shape [1, 3];"
                        + " was the state dict saved for a different model?");
        assertThat(other.paramGroups().get(0).lr()).isEqualTo(0.02);
        assertThat(other.state(wider.weight())).isEmpty();

        Map<String, Object> twoGroups = new LinkedHashMap<>(sd);
        twoGroups.put("param_groups", List.of(((List<?>) sd.get("param_groups")).get(0), Map.of("params", List.of())));
        assertThatThrownBy(() -> adam.loadStateDict(twoGroups))
                .hasMessage("loaded state dict has a different number of parameter groups (2) than the optimizer (1)");
    }

    @Test
    void aPyTorchSwitchWeDoNotImplementIsRefusedNotIgnored() {
        Adam adam = steppedAdam(new Linear(2, 1));
        Map<String, Object> sd = adam.stateDict();
        map(((List<?>) sd.get("param_groups")).get(0)).put("maximize", true);
        assertThatThrownBy(() -> adam.loadStateDict(sd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Adam: maximize=True is not supported by streamgrad");
    }

    @Test
    void keysMissingFromAnOlderStateDictTakeTheDefaults() {
        Adam adam = steppedAdam(new Linear(2, 1));
        Map<String, Object> sd = adam.stateDict();
        map(((List<?>) sd.get("param_groups")).get(0)).remove("amsgrad");
        adam.loadStateDict(sd);
        assertThat(adam.paramGroups().get(0).booleanOption("amsgrad")).isFalse();
    }

    @Test
    void setLrTakesEffectAtTheNextStep() {
        Tensor p = SgdTest.param(new float[] {1f}, new float[] {1f});
        SGD sgd = new SGD(List.of(p), 0.1);
        sgd.paramGroups().get(0).setLr(0.5);
        sgd.step();
        assertThat(p.toFloatArray()).containsExactly(0.5f);
    }

    @Test
    void zeroGradClearsEveryGroupsGradients() {
        Tensor p = SgdTest.param(new float[] {1f}, new float[] {1f});
        SGD sgd = new SGD(List.of(p), 0.1);
        sgd.zeroGrad(false);
        assertThat(p.grad().toFloatArray()).containsExactly(0f);
        sgd.zeroGrad();
        assertThat(p.grad()).isNull();
    }

    @Test
    void printsLikePyTorch() {
        SGD sgd = new SGD(List.of(Tensor.ones(1).requiresGrad_()),
                SGD.Options.defaults().withLr(0.05).withMomentum(0.9).withWeightDecay(1e-4));
        assertThat(sgd).hasToString("""
                SGD (
                Parameter Group 0
                    dampening: 0.0
                    lr: 0.05
                    momentum: 0.9
                    nesterov: False
                    weight_decay: 0.0001
                )""");
        assertThat(new Adam(List.of(Tensor.ones(1).requiresGrad_())).toString())
                .contains("    betas: (0.9, 0.999)\n", "    eps: 1e-08\n", "    lr: 0.001\n");
    }

    @Test
    void factoryTakesPyTorchsNamesAndArguments() {
        List<Tensor> params = List.of(Tensor.ones(1).requiresGrad_());
        Optimizer sgd = Optimizers.create("sgd", params, Map.of("lr", 0.05, "momentum", 0.9, "nesterov", true));
        assertThat(sgd).isInstanceOf(SGD.class);
        assertThat(sgd.paramGroups().get(0).booleanOption("nesterov")).isTrue();
        Optimizer adamW = Optimizers.create("AdamW", params, Map.of("lr", 0.01, "betas", List.of(0.8, 0.99)));
        assertThat(adamW).isInstanceOf(AdamW.class);
        assertThat(adamW.paramGroups().get(0).doubleOption("weight_decay")).isEqualTo(0.01);
        assertThatThrownBy(() -> Optimizers.create("adam", params, Map.of("momentum", 0.9)))
                .hasMessage("Adam got an unexpected keyword argument 'momentum'; it accepts [lr, betas, eps,"
                        + " weight_decay, amsgrad, decoupled_weight_decay]");
        assertThatThrownBy(() -> Optimizers.create("rmsprop", params, Map.of()))
                .hasMessage("unknown optimizer 'rmsprop'; expected one of sgd, adam, adamw");
    }
}
