package io.streamgrad.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamgrad.tensor.Reduction;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Module reprs against PyTorch's {@code Module.__repr__}: the strings are what PyTorch prints for the same
 * modules ({@code print(nn.Sequential(...))}); nesting indents by two per level, as {@code _addindent}.
 */
class ModuleReprTest {

    @Test
    void linearShowsItsSizesAndWhetherItHasABias() {
        assertThat(new Linear(3, 1)).hasToString("Linear(in_features=3, out_features=1, bias=True)");
        assertThat(new Linear(4, 2, false)).hasToString("Linear(in_features=4, out_features=2, bias=False)");
    }

    @Test
    void parameterlessModulesPrintEmptyParentheses() {
        assertThat(new ReLU()).hasToString("ReLU()");
        assertThat(new Tanh()).hasToString("Tanh()");
        assertThat(new Sigmoid()).hasToString("Sigmoid()");
        assertThat(new MSELoss()).hasToString("MSELoss()");
        assertThat(new MSELoss(Reduction.SUM)).hasToString("MSELoss()");
        assertThat(new Sequential()).hasToString("Sequential()");
    }

    @Test
    void sequentialListsItsChildrenByIndex() {
        Sequential model = new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 1));
        assertThat(model).hasToString("""
                Sequential(
                  (0): Linear(in_features=3, out_features=8, bias=True)
                  (1): ReLU()
                  (2): Linear(in_features=8, out_features=1, bias=True)
                )""");
    }

    @Test
    void nestedContainersIndentTwoSpacesPerLevel() {
        Sequential model = new Sequential(
                new Sequential(new Linear(3, 8), new Sequential(new Tanh())),
                new Linear(8, 1));
        assertThat(model).hasToString("""
                Sequential(
                  (0): Sequential(
                    (0): Linear(in_features=3, out_features=8, bias=True)
                    (1): Sequential(
                      (0): Tanh()
                    )
                  )
                  (1): Linear(in_features=8, out_features=1, bias=True)
                )""");
    }

    /** A user-defined model: PyTorch prints its class name and its attribute names. */
    static final class TwoLayer extends Module {
        final Linear hidden = registerModule("hidden", new Linear(2, 4));
        final Linear out = registerModule("out", new Linear(4, 1));

        @Override
        public Tensor forward(Tensor input) {
            return out.forward(hidden.forward(input).relu());
        }
    }

    @Test
    void customModulesPrintTheirClassAndChildNames() {
        assertThat(new TwoLayer()).hasToString("""
                TwoLayer(
                  (hidden): Linear(in_features=2, out_features=4, bias=True)
                  (out): Linear(in_features=4, out_features=1, bias=True)
                )""");
    }

    @Test
    void mlpFactoryBuildsTheScenarioModel() {
        assertThat(Mlp.of(3, new int[] {8}, 1, "relu"))
                .hasToString(Golden.scenario("mlp_startups").get("repr").asText());
        assertThat(Mlp.of(2, new int[] {4, 3}, 1, "Tanh")).hasToString("""
                Sequential(
                  (0): Linear(in_features=2, out_features=4, bias=True)
                  (1): Tanh()
                  (2): Linear(in_features=4, out_features=3, bias=True)
                  (3): Tanh()
                  (4): Linear(in_features=3, out_features=1, bias=True)
                )""");
    }
}
