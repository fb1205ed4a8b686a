package io.streamgrad.examples;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.data.Dataset;
import io.streamgrad.data.Datasets;
import io.streamgrad.data.MinMaxScaler;
import io.streamgrad.nn.Linear;
import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Tensor;

/**
 * The seminar's 50_Startups regression with {@code nn.Linear(3, 1)}: unscaled with eta 1e-6 the loss
 * explodes to inf and nan; min-max scaled with eta 1e-2 it falls.
 */
public final class StartupsRegression {
    private StartupsRegression() {
    }

    /** Prints the block to standard output; arguments are ignored. */
    public static void main(String[] args) {
        run(new Listing(System.out));
    }

    /** Runs both fits; returns the losses of the unscaled run and of the scaled run. */
    public static double[][] run(Listing l) {
        l.section("50_Startups with nn.Linear(3, 1)");
        Dataset data = Datasets.startups();
        l.run("df = pd.read_csv('50_Startups.csv'); X = df[['R&D Spend', 'Administration', 'Marketing Spend']]",
                "Dataset data = Datasets.startups();  // CsvDataset.read(path, features, target)");
        Dataset.Tensors raw = data.toTensors(DType.FLOAT32);
        l.show("X = torch.tensor(X.values, dtype=torch.float32); X[:3]", "Tensor X = data.toTensors(FLOAT32).x();",
                raw.x().narrow(0, 0, 3));
        Tensor.manualSeed(42);
        Linear model = new Linear(3, 1);
        Tensor initWeight = model.weight().clone();
        Tensor initBias = model.bias().clone();
        l.show("torch.manual_seed(42); model = nn.Linear(3, 1); model.weight",
                "Tensor.manualSeed(42); Linear model = new Linear(3, 1);", model.weight());
        l.note("Unscaled: features in the hundreds of thousands make the squared-error gradients enormous;");
        l.note("one step with eta = 1e-6 overshoots, each next step overshoots more: the loss reaches inf, then nan.");
        double[] rawLosses = fit(l, model, raw.x(), raw.y(), 1e-6);

        MinMaxScaler scalerX = new MinMaxScaler();
        MinMaxScaler scalerY = new MinMaxScaler();
        Tensor xs = Tensor.of(scalerX.fit(data.features()).transform(data.features()), DType.FLOAT32);
        Tensor ys = Tensor.of(scalerY.fit(data.targetColumn()).transform(data.targetColumn()), DType.FLOAT32);
        l.show("X_s = MinMaxScaler().fit_transform(X); X_s[:3]",
                "Tensor Xs = Tensor.of(new MinMaxScaler().fit(x).transform(x), DType.FLOAT32);", xs.narrow(0, 0, 3));
        l.note("Min-max scaled to [0, 1], the same model and eta = 1e-2 learn: the loss falls.");
        Linear scaledModel = new Linear(3, 1);
        try (GradScope ignored = Autograd.noGrad()) {
            scaledModel.weight().copy_(initWeight);
            scaledModel.bias().copy_(initBias);
        }
        double[] scaledLosses = fit(l, scaledModel, xs, ys, 1e-2);
        return new double[][] {rawLosses, scaledLosses};
    }

    /** Python's repr of a float: 1e-06, 0.01. */
    private static String pythonFloat(double v) {
        return Math.abs(v) < 1e-4 ? String.format(java.util.Locale.ROOT, "%.0e", v) : String.valueOf(v);
    }

    private static double[] fit(Listing l, Linear model, Tensor x, Tensor y, double eta) {
        l.run("for i in range(10):\n        loss = ((model(X) - y) ** 2).sum(); loss.backward()\n"
                        + "        with torch.no_grad(): for p in model.parameters(): p -= " + pythonFloat(eta)
                        + " * p.grad; p.grad.zero_()",
                "loss = model.forward(X).sub(y).pow(2).sum(); loss.backward(); try (noGrad) { p.sub_(p.grad().mul(eta)); }");
        double[] losses = new double[10];
        for (int i = 0; i < losses.length; i++) {
            Tensor loss = model.forward(x).sub(y).pow(2).sum();
            loss.backward();
            try (GradScope ignored = Autograd.noGrad()) {
                for (Tensor p : model.parameters()) {
                    p.sub_(p.grad().mul(eta));
                    p.grad().zero_();
                }
            }
            losses[i] = loss.item();
            l.print("step " + i + ": loss = " + loss);
        }
        l.show("model.weight", "model.weight()", model.weight());
        return losses;
    }
}
