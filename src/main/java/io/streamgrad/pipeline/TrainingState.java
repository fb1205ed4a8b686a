package io.streamgrad.pipeline;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.data.Scaler;
import io.streamgrad.nn.Module;
import io.streamgrad.nn.functional.F;
import io.streamgrad.optim.Optimizer;
import io.streamgrad.optim.ParamGroup;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything one model's training carries from step to step: the model, the optimizer and its state, the
 * online scalers of features and target, and the counters (version, step, rows seen, last loss). It is
 * what a model update publishes and what a restarted trainer restores, so that training resumes exactly.
 *
 * <p>Not thread-safe: one trainer thread owns it.
 */
public final class TrainingState {
    private final ModelSpec spec;
    private final String modelId;
    private final Module model;
    private final Optimizer optimizer;
    private final Scaler scalerX;
    private final Scaler scalerY;
    private long version;
    private long step;
    private long rowsSeen;
    private long rolledBack;
    private double lastLoss = Double.NaN;

    TrainingState(ModelSpec spec, String modelId, Module model, Optimizer optimizer, Scaler scalerX, Scaler scalerY) {
        this.spec = spec;
        this.modelId = modelId;
        this.model = model;
        this.optimizer = optimizer;
        this.scalerX = scalerX;
        this.scalerY = scalerY;
    }

    /** A new model with PyTorch's default initialisation, nothing learned yet. */
    public static TrainingState fresh(ModelSpec spec, String modelId) {
        Module model = spec.newModel();
        return new TrainingState(spec, modelId, model, spec.newOptimizer(model), spec.newScaler(), spec.newScaler());
    }

    /**
     * One step on a batch: updates the scalers with it, scales it, runs forward, loss, backward and the
     * optimizer. A step whose loss or gradient is not finite, or that would make a weight non-finite, is
     * rolled back (the weights stay as they were) and the divergence policy applies.
     *
     * @throws DivergedException when the step diverged and the policy is {@link DivergencePolicy#STOP}
     */
    public StepOutcome train(List<InputRow> rows) {
        int features = spec.features().size();
        double[] x = new double[rows.size() * features];
        double[] y = new double[rows.size()];
        for (int i = 0; i < y.length; i++) {
            System.arraycopy(rows.get(i).features(), 0, x, i * features, features);
            y[i] = rows.get(i).target();
        }
        return train(x, y);
    }

    /**
     * As {@link #train(List)} for rows held row-major: row {@code i}'s features are
     * {@code x[i * featureCount .. (i + 1) * featureCount)}, its target {@code y[i]}. The arrays are not kept.
     */
    public StepOutcome train(double[] x, double[] y) {
        return trainStep(x, y, false).outcome();
    }

    /**
     * One step and what the model predicted for the batch's rows just before it.
     *
     * @param predictionsBefore the predictions in the target's original units, or null when the model could not
     *                          predict yet ({@link #canPredict()} was false)
     */
    public record PrequentialStep(StepOutcome outcome, double[] predictionsBefore) {
    }

    /**
     * Test, then train: predicts the batch with the model as it is ({@link #predict(double[], int)}), then trains on
     * it ({@link #train(double[], double[])}). When the scalers keep their transform through this batch (a min-max
     * batch within the extremes seen, or no scaling), the step's own forward pass is that prediction, bit for
     * bit, and no second forward pass is made.
     */
    public PrequentialStep trainPrequentially(double[] x, double[] y) {
        if (!canPredict()) {
            return new PrequentialStep(train(x, y), null);
        }
        int features = featureCount(x, y.length);
        boolean sameTransform = scalerX == null
                || (scalerX.transformUnchangedBy(x, features) && scalerY.transformUnchangedBy(y, 1));
        if (!sameTransform) {
            double[] before = predict(x, y.length);
            return new PrequentialStep(train(x, y), before);
        }
        Step taken = trainStep(x, y, true);
        return new PrequentialStep(taken.outcome(), unscaleTargets(taken.forwardOutputs()));
    }

    /** A step's outcome and, when asked for, its forward pass's outputs (scaled units, before the step). */
    private record Step(StepOutcome outcome, double[] forwardOutputs) {
    }

    private Step trainStep(double[] x, double[] y, boolean keepForwardOutputs) {
        int rows = y.length;
        int features = featureCount(x, rows);
        if (scalerX != null) {
            x = scalerX.partialFit(x, features).transform(x, features);
            y = scalerY.partialFit(y, 1).transform(y, 1);
        }
        Tensor input = Tensor.fromData(x, DType.FLOAT32, rows, features).to(spec.device());
        Tensor target = Tensor.fromData(y, DType.FLOAT32, rows, 1).to(spec.device());
        optimizer.zeroGrad();
        long started = System.nanoTime();
        Tensor output = model.forward(input);
        Tensor loss = lossOf(output, target);
        double lossValue = loss.item();   // item() waits for the device, so the forward time is real
        long forwardNanos = System.nanoTime() - started;
        double[] forwardOutputs = keepForwardOutputs ? output.detach().cpu().toDoubleArray() : null;
        long backwardNanos = StepOutcome.NOT_REACHED;
        long optimizerNanos = StepOutcome.NOT_REACHED;
        step++;
        rowsSeen += rows;
        String reason = null;
        double gradNorm = Double.NaN;
        if (!Double.isFinite(lossValue)) {
            reason = "loss is " + lossValue;
        } else {
            started = System.nanoTime();
            loss.backward();
            gradNorm = Norms.gradientNorm(model.parameters());
            backwardNanos = System.nanoTime() - started;
            if (!Double.isFinite(gradNorm)) {
                reason = "gradient norm is " + gradNorm;
            } else {
                started = System.nanoTime();
                reason = applyStep();
                optimizerNanos = System.nanoTime() - started;
            }
        }
        if (reason != null) {
            rollBack(reason);
        } else {
            lastLoss = lossValue;
        }
        return new Step(new StepOutcome(modelId, step, rowsSeen, rows, lossValue, learningRate(), reason, gradNorm,
                Norms.weightNorm(model.parameters()), forwardNanos, backwardNanos, optimizerNanos), forwardOutputs);
    }

    private Tensor lossOf(Tensor prediction, Tensor target) {
        return spec.loss().equals("sse") ? prediction.sub(target).pow(2).sum() : F.mseLoss(prediction, target);
    }

    /**
     * Runs the optimizer; undoes it — the weights and the optimizer's state (momentum buffers, Adam's moments and
     * step count) — when a weight became non-finite, so that the next step starts from exactly the state before
     * this one. Returns the rollback reason or null.
     */
    private String applyStep() {
        List<Tensor> params = model.parameters();
        List<Tensor> before = new ArrayList<>(params.size());
        try (GradScope ignored = Autograd.noGrad()) {
            for (Tensor p : params) {
                before.add(p.clone());
            }
            Map<String, Object> optimizerBefore = optimizer.stateDict();
            optimizer.step();
            if (Double.isFinite(Norms.weightNorm(params))) {
                return null;
            }
            for (int i = 0; i < params.size(); i++) {
                params.get(i).copy_(before.get(i));
            }
            optimizer.loadStateDict(optimizerBefore);
        }
        return "a weight became non-finite";
    }

    private void rollBack(String reason) {
        rolledBack++;
        optimizer.zeroGrad();
        switch (spec.divergencePolicy()) {
            case SKIP -> { }
            case HALVE_LR -> {
                for (ParamGroup group : optimizer.paramGroups()) {
                    group.setLr(group.lr() / 2);
                }
            }
            case STOP -> throw new DivergedException("model " + modelId + " diverged at step " + step + ": " + reason
                    + "; training stopped (training.divergence-policy is stop). Scale the inputs (training.scaler)"
                    + " or lower training.learning-rate.");
        }
    }

    /** Marks the state as published once more; returns the new version, which only grows. */
    public long markPublished() {
        return ++version;
    }

    /** The id of the model trained, its key on the model topic. */
    public String modelId() {
        return modelId;
    }

    /** The configuration the model, optimizer and scalers were built from. */
    public ModelSpec spec() {
        return spec;
    }

    /** The live model: steps update its parameters in place. */
    public Module model() {
        return model;
    }

    /** The live optimizer, with its state and learning rate as of the last step. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The feature scaler, or null when unscaled. */
    public Scaler scalerX() {
        return scalerX;
    }

    /** The target scaler, or null when unscaled. */
    public Scaler scalerY() {
        return scalerY;
    }

    /** The version of the last publication ({@link #markPublished()}); 0 before the first. */
    public long version() {
        return version;
    }

    /** The number of steps taken, rolled-back ones included. */
    public long step() {
        return step;
    }

    /** The number of rows trained on, those of rolled-back steps included. */
    public long rowsSeen() {
        return rowsSeen;
    }

    /** The number of steps rolled back for a non-finite loss, gradient or weight. */
    public long rolledBackSteps() {
        return rolledBack;
    }

    /** The loss of the last applied step, in scaled units when a scaler is used; NaN before the first. */
    public double lastLoss() {
        return lastLoss;
    }

    /** The first parameter group's learning rate now, after any halving by {@link DivergencePolicy#HALVE_LR}. */
    public double learningRate() {
        return optimizer.paramGroups().get(0).lr();
    }

    void restoreCounters(long version, long step, long rowsSeen, long rolledBack, double lastLoss) {
        this.version = version;
        this.step = step;
        this.rowsSeen = rowsSeen;
        this.rolledBack = rolledBack;
        this.lastLoss = lastLoss;
    }

    /**
     * Whether {@link #predict} answers in the target's units: the scalers have seen a batch, or none are
     * used. Before that the model's outputs are in no meaningful unit.
     */
    public boolean canPredict() {
        return scalerX == null || scalerX.isFitted();
    }

    /** Predictions in the target's original units for rows of features in original units. */
    public double[] predict(double[][] features) {
        int width = spec.features().size();
        double[] x = new double[features.length * width];
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + features[i].length + " features; model "
                        + modelId + " expects " + width + " " + spec.features());
            }
            System.arraycopy(features[i], 0, x, i * width, width);
        }
        return predict(x, features.length);
    }

    /** As {@link #predict(double[][])} for {@code rows} rows held row-major in {@code x}. */
    public double[] predict(double[] x, int rows) {
        int features = featureCount(x, rows);
        double[] scaledX = scalerX != null && scalerX.isFitted() ? scalerX.transform(x, features) : x;
        Tensor out;
        try (GradScope ignored = Autograd.noGrad()) {
            out = model.forward(Tensor.fromData(scaledX, DType.FLOAT32, rows, features).to(spec.device())).cpu();
        }
        return unscaleTargets(out.toDoubleArray());
    }

    private double[] unscaleTargets(double[] scaled) {
        return scalerY == null || !scalerY.isFitted() ? scaled : scalerY.inverseTransform(scaled, 1);
    }

    /** The feature count of {@code rows} rows held row-major in {@code x}, which must match the model's. */
    private int featureCount(double[] x, int rows) {
        int features = spec.features().size();
        if (rows < 1 || x.length != rows * features) {
            throw new IllegalArgumentException("expected " + rows + " rows of " + features + " features "
                    + spec.features() + " (" + (long) rows * features + " values, row after row), got "
                    + x.length + " values for model " + modelId);
        }
        return features;
    }
}
