package io.streamgrad.pipeline;

import io.streamgrad.config.ConfigTree;
import io.streamgrad.data.Dataset;
import io.streamgrad.data.Datasets;
import io.streamgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Steps, the divergence guard, and the published state's exact round trip. */
class TrainingStateTest {
    private static List<InputRow> startupsRows() {
        Dataset data = Datasets.startups();
        List<InputRow> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            rows.add(new InputRow("", data.features()[i], data.target()[i]));
        }
        return rows;
    }

    private static ModelSpec spec(Map<String, Object> overrides) {
        return ModelSpec.from(ConfigTree.of(overrides));
    }

    @Test
    void theSeminarsUnscaledRunTripsTheGuardInsteadOfPublishingNaN() {
        ModelSpec seminar = spec(Map.of("training.scaler", "none", "training.loss", "sse",
                "training.learning-rate", 1e-6, "training.divergence-policy", "skip"));
        Tensor.manualSeed(0);
        TrainingState state = TrainingState.fresh(seminar, "startups");
        List<StepOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            outcomes.add(state.train(startupsRows()));
        }

        assertThat(outcomes).anyMatch(StepOutcome::rolledBack);
        assertThat(state.rolledBackSteps()).isPositive();
        for (Tensor p : state.model().parameters()) {
            assertThat(java.util.Arrays.stream(p.toDoubleArray()).allMatch(Double::isFinite)).isTrue();
        }
        assertThat(Safe.finite(TrainingStateCodec.describe(TrainingStateCodec.encode(state)).weights())).isTrue();
    }

    @Test
    void eachPhaseIsTimedAndARolledBackStepTimesOnlyThePhasesItReached() {
        ModelSpec seminar = spec(Map.of("training.scaler", "none", "training.loss", "sse",
                "training.learning-rate", 1e-6, "training.divergence-policy", "skip"));
        TrainingState state = TrainingState.fresh(seminar, "startups");
        List<StepOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            outcomes.add(state.train(startupsRows()));
        }

        assertThat(outcomes).anyMatch(o -> !o.rolledBack()).anyMatch(o -> o.rolledBack());
        for (StepOutcome o : outcomes) {
            String reason = String.valueOf(o.rollbackReason());
            boolean backwardRan = !reason.startsWith("loss is ");
            boolean optimizerRan = backwardRan && !reason.startsWith("gradient norm is ");
            assertThat(o.forwardNanos()).as("forward of %s", o).isPositive();
            assertThat(o.backwardNanos() >= 0).as("backward timed in %s", o).isEqualTo(backwardRan);
            assertThat(o.optimizerNanos() >= 0).as("optimizer timed in %s", o).isEqualTo(optimizerRan);
            if (!backwardRan) {
                assertThat(o.backwardNanos()).isEqualTo(StepOutcome.NOT_REACHED);
            }
        }
    }

    @Test
    void aRolledBackStepLeavesTheOptimizersStateAsItWasBeforeTheStep() {
        // Finite loss and gradients, but an Adam step so large that every weight overflows float32.
        ModelSpec overflowing = spec(Map.of("training.optimizer", "adam", "training.learning-rate", 1e39,
                "training.divergence-policy", "skip"));
        TrainingState state = TrainingState.fresh(overflowing, "startups");

        StepOutcome outcome = state.train(startupsRows());

        assertThat(outcome.rollbackReason()).isEqualTo("a weight became non-finite");
        for (Tensor p : state.model().parameters()) {
            assertThat(state.optimizer().state(p)).as("no step count or moments kept from the undone step").isEmpty();
        }
    }

    @Test
    void halveLrHalvesTheLearningRateOnEachRollback() {
        ModelSpec seminar = spec(Map.of("training.scaler", "none", "training.loss", "sse",
                "training.learning-rate", 1e-6, "training.divergence-policy", "halve-lr"));
        TrainingState state = TrainingState.fresh(seminar, "startups");
        for (int i = 0; i < 10; i++) {
            state.train(startupsRows());
        }

        assertThat(state.learningRate()).isEqualTo(1e-6 / Math.pow(2, state.rolledBackSteps()));
    }

    @Test
    void stopPolicyStopsWithAnExplanation() {
        ModelSpec seminar = spec(Map.of("training.scaler", "none", "training.loss", "sse",
                "training.learning-rate", 1e-6, "training.divergence-policy", "stop"));
        TrainingState state = TrainingState.fresh(seminar, "startups");

        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                state.train(startupsRows());
            }
        }).isInstanceOf(DivergedException.class).hasMessageContaining("Scale the inputs");
    }

    @Test
    void scaledTrainingLearns() {
        TrainingState state = TrainingState.fresh(spec(Map.of("training.learning-rate", 0.1)), "startups");
        double first = state.train(startupsRows()).loss();
        double last = first;
        for (int i = 0; i < 200; i++) {
            last = state.train(startupsRows()).loss();
        }

        assertThat(last).isLessThan(first / 5);
    }

    @Test
    void aDecodedStateContinuesBitForBitLikeTheOriginal() {
        for (String optimizer : List.of("sgd", "adam")) {
            ModelSpec mlp = spec(Map.of("model.architecture", "mlp", "training.optimizer", optimizer,
                    "training.learning-rate", 0.01));
            List<InputRow> rows = startupsRows();
            TrainingState original = TrainingState.fresh(mlp, "startups");
            for (int i = 0; i < 5; i++) {
                original.train(rows.subList(i * 10, i * 10 + 10));
            }
            original.markPublished();
            TrainingState restored = TrainingStateCodec.decode(TrainingStateCodec.encode(original), mlp);
            for (int i = 0; i < 5; i++) {
                original.train(rows.subList(i * 10, i * 10 + 10));
                restored.train(rows.subList(i * 10, i * 10 + 10));
            }

            assertThat(restored.version()).isEqualTo(1);
            assertThat(restored.step()).isEqualTo(original.step());
            assertThat(restored.rowsSeen()).isEqualTo(original.rowsSeen());
            assertThat(TrainingStateCodec.encode(restored)).isEqualTo(TrainingStateCodec.encode(original));
        }
    }

    @Test
    void aStateTrainedOnOtherColumnsOrInAnotherScalersUnitsIsNotRestored() {
        TrainingState state = TrainingState.fresh(spec(Map.of()), "startups");
        state.train(startupsRows());
        state.markPublished();
        byte[] published = TrainingStateCodec.encode(state);

        // Each keeps the architecture (3 features in, 1 out), which is all that was checked.
        assertThatThrownBy(() -> TrainingStateCodec.decode(published, spec(Map.of("input.features",
                List.of("Marketing Spend", "Administration", "R&D Spend")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was trained with input.features [\"R&D Spend\",\"Administration\",\"Marketing Spend\"]")
                .hasMessageContaining("this configuration has [\"Marketing Spend\",\"Administration\",\"R&D Spend\"]");
        assertThatThrownBy(() -> TrainingStateCodec.decode(published, spec(Map.of("input.target", "Administration"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input.target Profit");
        assertThatThrownBy(() -> TrainingStateCodec.decode(published, spec(Map.of("training.scaler", "none"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training.scaler minmax but this configuration has none");
        assertThat(TrainingStateCodec.decode(published, spec(Map.of())).rowsSeen()).isEqualTo(50);
    }

    @Test
    void theMetadataDescribesTheModel() {
        TrainingState state = TrainingState.fresh(spec(Map.of()), "startups");
        state.train(startupsRows());
        state.markPublished();

        ModelUpdate update = TrainingStateCodec.describe(TrainingStateCodec.encode(state));

        assertThat(update.modelId()).isEqualTo("startups");
        assertThat(update.version()).isEqualTo(1);
        assertThat(update.rowsSeen()).isEqualTo(50);
        assertThat(update.features()).isEqualTo("[\"R&D Spend\",\"Administration\",\"Marketing Spend\"]");
        assertThat(update.weights()).containsOnlyKeys("weight", "bias");
    }

    /** Small helper: all weights finite. */
    static final class Safe {
        static boolean finite(Map<String, Tensor> weights) {
            return weights.values().stream().allMatch(t -> java.util.Arrays.stream(t.toDoubleArray()).allMatch(Double::isFinite));
        }
    }
}
