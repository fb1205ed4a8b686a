package io.streamgrad.examples;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.tensor.Tensor;

/**
 * The seminar's regression by hand: {@code y = W*X + b} fitted to {@code y = 2X + 1} with the loss
 * {@code ((y_pred - y)**2).sum()}, {@code loss.backward()} and {@code W - eta * W.grad}.
 */
public final class SimpleRegression {
    private SimpleRegression() {
    }

    /** Prints the block to standard output; arguments are ignored. */
    public static void main(String[] args) {
        run(new Listing(System.out));
    }

    /** Runs the block and returns the final loss. */
    public static double run(Listing l) {
        l.section("Linear regression by hand");
        Tensor x = Tensor.arange(100);
        l.show("X = torch.arange(100)", "Tensor X = Tensor.arange(100);", x);
        Tensor y = x.mul(2).add(1);
        l.run("y = 2 * X + 1", "Tensor y = X.mul(2).add(1);");
        Tensor w = Tensor.ones(1).requiresGrad_();
        Tensor b = Tensor.ones(1).requiresGrad_();
        l.show("W = torch.ones(1, requires_grad=True); W", "Tensor W = Tensor.ones(1).requiresGrad_();", w);
        l.run("b = torch.ones(1, requires_grad=True)", "Tensor b = Tensor.ones(1).requiresGrad_();");
        Tensor yPred = w.mul(x).add(b);
        l.show("y_pred = W * X + b; y_pred.dtype", "Tensor yPred = W.mul(X).add(b);", yPred.dtype());
        Tensor loss = yPred.sub(y).pow(2).sum();
        l.show("loss = ((y_pred - y) ** 2).sum(); loss", "Tensor loss = yPred.sub(y).pow(2).sum();", loss);
        loss.backward();
        l.run("loss.backward()", "loss.backward();");
        l.show("W.grad", "W.grad()", w.grad());
        l.show("b.grad", "b.grad()", b.grad());

        double eta = 1e-6;
        l.note("Ten steps of gradient descent with eta = 1e-6; the loss falls:");
        l.run("for i in range(10): ...", "for (int i = 0; i < 10; i++) { ... }");
        double last = Double.NaN;
        for (int i = 0; i < 10; i++) {
            try (GradScope ignored = Autograd.noGrad()) {
                if (i > 0) {
                    w.grad().zero_();
                    b.grad().zero_();
                }
            }
            loss = w.mul(x).add(b).sub(y).pow(2).sum();
            if (i > 0) {
                loss.backward();
            }
            l.print("step " + i + ": loss = " + loss);
            last = loss.item();
            try (GradScope ignored = Autograd.noGrad()) {
                w.sub_(w.grad().mul(eta));
                b.sub_(b.grad().mul(eta));
            }
        }
        l.show("W, b", "W, b", w + ", " + b);
        return last;
    }
}
