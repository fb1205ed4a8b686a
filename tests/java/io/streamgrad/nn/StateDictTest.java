package io.streamgrad.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Module#stateDict()} and {@link Module#loadStateDict(Map, boolean)} as PyTorch's. */
class StateDictTest {

    private static Sequential mlp() {
        return new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 1));
    }

    private static Map<String, Tensor> clone(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    @Test
    void entriesAreDetachedViewsOfTheParameters() {
        Linear layer = new Linear(3, 1);
        Tensor saved = layer.stateDict().get("weight");
        assertThat(saved.requiresGrad()).isFalse();
        try (GradScope ignored = Autograd.noGrad()) {
            layer.weight().fill_(2);
        }
        assertThat(saved.toFloatArray()).containsOnly(2f); // shares storage, as PyTorch's state_dict
    }

    @Test
    void loadingCopiesValuesIntoTheLiveParameters() {
        Tensor.manualSeed(1);
        Sequential source = mlp();
        Tensor.manualSeed(2);
        Sequential target = mlp();
        List<Tensor> live = target.parameters();

        IncompatibleKeys result = target.loadStateDict(clone(source.stateDict()));

        assertThat(result.isEmpty()).isTrue();
        assertThat(result).hasToString("<All keys matched successfully>");
        assertThat(target.parameters()).containsExactlyElementsOf(live);
        for (String key : source.stateDict().keySet()) {
            assertThat(target.stateDict().get(key).toFloatArray()).as(key)
                    .containsExactly(source.stateDict().get(key).toFloatArray());
        }
        for (Tensor p : live) {
            assertThat(p.isLeaf() && p.requiresGrad()).isTrue();
            assertThat(p.gradFn()).isNull();
        }
    }

    @Test
    void loadingCastsToTheParameterDtypeAsCopyDoes() {
        Linear layer = new Linear(2, 1);
        layer.loadStateDict(Map.of("weight", Tensor.of(new double[][] {{0.25, 0.5}}, DType.FLOAT64),
                "bias", Tensor.of(new double[] {1.5}, DType.FLOAT64)));
        assertThat(layer.weight().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(layer.weight().toFloatArray()).containsExactly(0.25f, 0.5f);
    }

    @Test
    void strictLoadingNamesEveryMissingUnexpectedAndMisShapedKeyAtOnce() {
        Linear layer = new Linear(3, 2);
        float[] before = layer.weight().toFloatArray();
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("weight", Tensor.zeros(1, 3));
        bad.put("scale", Tensor.ones(1));
        bad.put("extra.bias", Tensor.ones(1));

        assertThatThrownBy(() -> layer.loadStateDict(bad))
                .isInstanceOf(StateDictException.class)
                .hasMessage("Error(s) in loading state_dict for Linear:\n"
                        + "\tMissing key(s) in state_dict: \"bias\". \n"
                        + "\tUnexpected key(s) in state_dict: \"scale\", \"extra.bias\". \n"
                        + "\tsize mismatch for weight: copying a param with shape torch.Size([1, 3]) from checkpoint,"
                        + " the shape in current model is torch.Size([2, 3]).")
                .satisfies(e -> {
                    StateDictException s = (StateDictException) e;
                    assertThat(s.missingKeys()).containsExactly("bias");
                    assertThat(s.unexpectedKeys()).containsExactly("scale", "extra.bias");
                });
        assertThat(layer.weight().toFloatArray()).containsExactly(before); // nothing was copied
    }

    @Test
    void keysAreJudgedByTheModuleThatOwnsTheirPrefix() {
        Sequential model = mlp();
        Map<String, Tensor> state = clone(model.stateDict());
        state.remove("2.bias");
        state.put("1.weight", Tensor.ones(1)); // ReLU has no parameters
        state.put("3.weight", Tensor.ones(1)); // no child 3

        assertThatThrownBy(() -> model.loadStateDict(state))
                .hasMessage("Error(s) in loading state_dict for Sequential:\n"
                        + "\tMissing key(s) in state_dict: \"2.bias\". \n"
                        + "\tUnexpected key(s) in state_dict: \"3.weight\", \"1.weight\". ");
    }

    /** A module with a 0-dim parameter, which a subclass may register as PyTorch's modules may. */
    static final class Scale extends Module {
        Scale() {
            registerParameter("scale", Parameter.of(Tensor.scalar(1.0)));
        }

        Tensor scale() {
            return parameter("scale");
        }

        @Override
        public Tensor forward(Tensor input) {
            return input.mul(scale());
        }
    }

    /**
     * PyTorch's {@code _load_from_state_dict} keeps a rule for checkpoints of PyTorch 0.3, which stored scalars
     * as 1-D tensors: a 1-D value for a 0-dim parameter is replaced by {@code input_param[0]} before the shapes
     * are compared. So it loads a [1] value, and also takes the first element of a longer one.
     */
    @Test
    void aOneDimValueLoadsIntoAZeroDimParameterAsItsFirstElement() {
        Scale module = new Scale();
        Tensor live = module.scale();

        assertThat(module.loadStateDict(Map.of("scale", Tensor.of(new float[] {2.5f}))).isEmpty()).isTrue();
        assertThat(module.scale()).isSameAs(live);
        assertThat(live.dim()).isZero();
        assertThat(live.item()).isEqualTo(2.5);

        module.loadStateDict(Map.of("scale", Tensor.of(new float[] {-4f, 7f, 9f})));
        assertThat(live.item()).isEqualTo(-4.0);

        Sequential nested = new Sequential(new Scale());
        nested.loadStateDict(Map.of("0.scale", Tensor.of(new double[] {0.5}, DType.FLOAT64)));
        assertThat(((Scale) nested.get(0)).scale().item()).isEqualTo(0.5);
    }

    /** The rule goes one way only, and an empty 1-D value has no element 0 (PyTorch raises an IndexError). */
    @Test
    void otherRankChangesStayMismatches() {
        assertThatThrownBy(() -> new Scale().loadStateDict(Map.of("scale", Tensor.zeros(0))))
                .isInstanceOf(StateDictException.class)
                .hasMessage("Error(s) in loading state_dict for Scale:\n"
                        + "\tsize mismatch for scale: copying a param with shape torch.Size([0]) from checkpoint,"
                        + " the shape in current model is torch.Size([]).");
        assertThatThrownBy(() -> new Scale().loadStateDict(Map.of("scale", Tensor.ones(1, 1))))
                .hasMessageContaining("shape torch.Size([1, 1]) from checkpoint");
        assertThatThrownBy(() -> new Linear(1, 1).loadStateDict(
                Map.of("weight", Tensor.ones(1, 1), "bias", Tensor.scalar(1.0))))
                .hasMessageContaining("size mismatch for bias: copying a param with shape torch.Size([]) from"
                        + " checkpoint, the shape in current model is torch.Size([1]).");
    }

    /**
     * PyTorch 2.4 and later (pytorch/pytorch#124385, fixing #123510): under a module's prefix, a dotted key is
     * unexpected unless its first name is a child module, and an undotted one unless it is an own parameter. So
     * {@code weight.foo} (a parameter's name, not a child's) and a bare child name ({@code 0}) are both reported;
     * PyTorch up to 2.3 looked only at the first name and let both pass.
     */
    @Test
    void keysUnderAParameterNameOrNamingAChildAreUnexpected() {
        Linear layer = new Linear(2, 1);
        Map<String, Tensor> state = clone(layer.stateDict());
        state.put("weight.foo", Tensor.ones(1));

        assertThatThrownBy(() -> layer.loadStateDict(state))
                .hasMessage("Error(s) in loading state_dict for Linear:\n"
                        + "\tUnexpected key(s) in state_dict: \"weight.foo\". ");

        Sequential model = mlp();
        Map<String, Tensor> withChildName = clone(model.stateDict());
        withChildName.put("0", Tensor.ones(1));
        withChildName.put("0.weight.foo", Tensor.ones(1));

        assertThat(model.loadStateDict(withChildName, false).unexpectedKeys()).containsExactly("0", "0.weight.foo");
    }

    @Test
    void nonStrictLoadingReportsKeysAndLoadsTheRest() {
        Linear layer = new Linear(2, 1);
        IncompatibleKeys result = layer.loadStateDict(
                Map.of("weight", Tensor.of(new double[][] {{4, 5}}), "other", Tensor.ones(1)), false);
        assertThat(result.missingKeys()).containsExactly("bias");
        assertThat(result.unexpectedKeys()).containsExactly("other");
        assertThat(result).hasToString("_IncompatibleKeys(missing_keys=['bias'], unexpected_keys=['other'])");
        assertThat(layer.weight().toFloatArray()).containsExactly(4f, 5f);
    }

    @Test
    void nonStrictLoadingStillRejectsSizeMismatches() {
        Linear layer = new Linear(2, 1);
        assertThatThrownBy(() -> layer.loadStateDict(Map.of("bias", Tensor.ones(3)), false))
                .hasMessage("Error(s) in loading state_dict for Linear:\n"
                        + "\tsize mismatch for bias: copying a param with shape torch.Size([3]) from checkpoint,"
                        + " the shape in current model is torch.Size([1]).");
    }
}
