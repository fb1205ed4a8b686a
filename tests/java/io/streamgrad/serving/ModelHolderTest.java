package io.streamgrad.serving;

import io.streamgrad.pipeline.ModelUpdate;
import io.streamgrad.pipeline.Output;
import io.streamgrad.tensor.Device;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which updates a holder serves, which it ignores, and which it refuses with a reason. */
class ModelHolderTest {
    private static final List<Output.ModelPublication> UPDATES = PublishedModels.publish(3);

    private final List<ModelUpdate> swaps = new ArrayList<>();
    private final ModelHolder holder = new ModelHolder(PublishedModels.spec(), "startups", swaps::add);

    @Test
    void servesNewerVersionsAndIgnoresReplays() {
        assertThat(holder.current()).isEmpty();

        assertThat(holder.update(UPDATES.get(1).state())).isTrue();
        assertThat(holder.update(UPDATES.get(0).state())).isFalse();
        assertThat(holder.update(UPDATES.get(1).state())).isFalse();
        assertThat(holder.update(UPDATES.get(2).state())).isTrue();

        assertThat(holder.current()).hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(3));
        assertThat(swaps).extracting(ModelUpdate::version).containsExactly(2L, 3L);
    }

    @Test
    void ignoresOtherModels() {
        ModelHolder other = new ModelHolder(PublishedModels.spec(), "startups/NY");

        assertThat(other.update(UPDATES.get(0).state())).isFalse();
        assertThat(other.current()).isEmpty();
    }

    @Test
    void refusesAModelTrainedOnOtherFeaturesNamingBoth() {
        var otherFeatures = PublishedModels.publish(PublishedModels.config(Map.of(
                "input.features", List.of("Marketing Spend", "R&D Spend", "Administration"))), 1);
        holder.update(UPDATES.get(0).state());

        assertThatThrownBy(() -> holder.update(otherFeatures.get(0).state()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model update v1 of 'startups' was trained on features [Marketing Spend, R&D Spend,"
                        + " Administration] but this server is configured for [R&D Spend, Administration, Marketing"
                        + " Spend] (input.features); serve with the trainer's configuration");
        assertThat(holder.current()).hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(1));
    }

    @Test
    void refusesAnotherArchitecture() {
        var mlp = PublishedModels.publish(PublishedModels.config(Map.of("model.architecture", "mlp")), 1);

        assertThatThrownBy(() -> holder.update(mlp.get(0).state())).hasMessageStartingWith(
                "cannot serve model update v1 of 'startups': the published model is {\"type\":\"mlp\"");
    }

    @Test
    void refusesBytesThatAreNoTrainingState() {
        assertThatThrownBy(() -> holder.update(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a streamgrad model update");
    }

    @Test
    void predictsOnTheCpuWhateverTheTrainerUsed() {
        ModelHolder fromCudaConfig = new ModelHolder(new io.streamgrad.pipeline.ModelSpec("startups",
                PublishedModels.spec().features(), "Profit", "linear", new int[0], "relu", "mse", "sgd", 0.1, "minmax",
                PublishedModels.spec().divergencePolicy(), Device.cuda()), "startups");

        assertThat(fromCudaConfig.update(UPDATES.get(0).state())).isTrue();
        assertThat(fromCudaConfig.current().orElseThrow().predict(new double[][] {{1, 2, 3}})).hasSize(1);
    }
}
