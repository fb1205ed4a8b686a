package io.streamgrad.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Tensor;
import io.streamgrad.tensor.TensorException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter registration and naming, training mode, gradient clearing and device moves of {@link Module}. */
class ModuleTest {

    private static Sequential mlp() {
        return new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 1));
    }

    @Test
    void namedParametersUseDottedNamesInRegistrationOrder() {
        Sequential model = mlp();
        assertThat(model.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        Linear first = (Linear) model.get(0);
        Linear last = (Linear) model.get(-1);
        assertThat(model.parameters()).containsExactly(first.weight(), first.bias(), last.weight(), last.bias());
    }

    @Test
    void anAbsentBiasIsNeitherAParameterNorAStateDictKey() {
        Sequential model = new Sequential(new Linear(3, 2, false), new Linear(2, 1));
        assertThat(model.namedParameters().keySet()).containsExactly("0.weight", "1.weight", "1.bias");
        assertThat(model.stateDict().keySet()).containsExactly("0.weight", "1.weight", "1.bias");
        assertThat(((Linear) model.get(0)).bias()).isNull();
    }

    @Test
    void aSharedParameterIsListedOnceButSavedUnderEachName() {
        Linear shared = new Linear(2, 2);
        Sequential model = new Sequential(shared, new Tanh(), shared);
        assertThat(model.namedParameters().keySet()).containsExactly("0.weight", "0.bias");
        assertThat(model.stateDict().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    }

    @Test
    void parametersAreLeavesThatRequireGrad() {
        for (Tensor p : mlp().parameters()) {
            assertThat(p.isLeaf()).isTrue();
            assertThat(p.requiresGrad()).isTrue();
        }
    }

    /** A module that registers one child under a name of the test's choosing. */
    static final class Holder extends Module {
        Holder(String childName) {
            registerModule(childName, new ReLU());
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    @Test
    void namesWithDotsOrEmptyNamesAreRejected() {
        assertThatThrownBy(() -> new Holder("a.b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("module name can't contain \".\", got: a.b");
        assertThatThrownBy(() -> new Holder("")).hasMessage("module name can't be empty string \"\"");
    }

    @Test
    void trainAndEvalSetTheModeRecursively() {
        Sequential model = mlp();
        assertThat(model.isTraining()).isTrue();
        assertThat(model.eval()).isSameAs(model);
        assertThat(model.isTraining()).isFalse();
        assertThat(model.get(0).isTraining()).isFalse();
        model.train();
        assertThat(model.get(2).isTraining()).isTrue();
    }

    @Test
    void zeroGradSetsGradientsToNoneByDefaultOrToZeros() {
        Linear layer = new Linear(3, 1);
        layer.forward(Tensor.ones(2, 3)).sum().backward();
        assertThat(layer.weight().grad()).isNotNull();
        layer.zeroGrad(false);
        assertThat(layer.weight().grad().toFloatArray()).containsOnly(0f);
        assertThat(layer.bias().grad().toFloatArray()).containsOnly(0f);
        layer.zeroGrad();
        assertThat(layer.weight().grad()).isNull();
        assertThat(layer.bias().grad()).isNull();
    }

    @Test
    void moduleForwardOfALossAsksForATarget() {
        assertThatThrownBy(() -> new MSELoss().forward(Tensor.ones(2)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("call forward(input, target)");
        assertThat(new MSELoss().forward(Tensor.of(1.0, 3.0), Tensor.of(0.0, 0.0)).item()).isEqualTo(5.0);
    }

    @Test
    void movingToTheCpuKeepsTheSameTensors() {
        Sequential model = mlp();
        List<Tensor> before = model.parameters();
        assertThat(model.to(Device.cpu())).isSameAs(model);
        assertThat(model.parameters()).containsExactlyElementsOf(before);
    }

    @Test
    void movingToAnUnavailableDeviceFailsClearlyAndChangesNothing() {
        Sequential model = mlp();
        List<Tensor> before = model.parameters();
        try {
            model.to("cuda");
        } catch (TensorException e) {
            assertThat(e).hasMessageContaining("CUDA is not available");
            assertThat(model.parameters()).containsExactlyElementsOf(before);
            return;
        }
        // A machine with a GPU and the CUDA backend: the parameters moved and are still leaves.
        for (Tensor p : model.parameters()) {
            assertThat(p.device().isCuda()).isTrue();
            assertThat(p.isLeaf() && p.requiresGrad()).isTrue();
        }
    }

    @Test
    void accessorsReturnTheLiveTensorThatInPlaceUpdatesChange() {
        Linear layer = new Linear(2, 1);
        try (GradScope ignored = Autograd.noGrad()) {
            layer.weight().fill_(0.5);
            layer.bias().zero_();
        }
        assertThat(layer.forward(Tensor.of(new double[][] {{1, 3}})).item()).isEqualTo(2.0);
    }

    @Test
    void sequentialIndexesLikePython() {
        Sequential model = mlp();
        assertThat(model.size()).isEqualTo(3);
        assertThat(model.get(-2)).isInstanceOf(ReLU.class);
        assertThatThrownBy(() -> model.get(3)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index 3 is out of range for a Sequential of 3 modules");
    }

    @Test
    void mlpRejectsAnUnknownActivationByListingTheKnownOnes() {
        assertThatThrownBy(() -> Mlp.of(3, new int[] {8}, 1, "gelu"))
                .hasMessage("unknown activation 'gelu'; expected one of [relu, tanh, sigmoid]");
    }
}
