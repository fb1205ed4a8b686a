package io.streamgrad.examples;

import io.streamgrad.autograd.Autograd;
import io.streamgrad.autograd.GradScope;
import io.streamgrad.nn.Linear;
import io.streamgrad.tensor.Tensor;

/** The seminar's autograd flags: {@code requires_grad}, {@code grad_fn}, {@code detach()}, {@code no_grad()}. */
public final class AutogradBasics {
    private AutogradBasics() {
    }

    /** Prints the block to standard output; arguments are ignored. */
    public static void main(String[] args) {
        run(new Listing(System.out));
    }

    /** Shows the autograd flags of a tensor and of results computed from it, then a {@code Linear}'s repr. */
    public static void run(Listing l) {
        l.section("Autograd");
        Tensor w = Tensor.ones(1).requiresGrad_();
        l.show("w = torch.ones(1, requires_grad=True); w * 2", "w.mul(2)", w.mul(2));
        l.show("(w * 2).sum()", "w.mul(2).sum()", w.mul(2).sum());
        l.show("(w * 2).grad_fn", "w.mul(2).gradFn()", w.mul(2).gradFn());
        l.show("w.detach().requires_grad", "w.detach().requiresGrad()", pythonBool(w.detach().requiresGrad()));
        try (GradScope ignored = Autograd.noGrad()) {
            Tensor z = w.mul(2);
            l.show("with torch.no_grad(): z = w * 2\nz.requires_grad, z.grad_fn",
                    "try (var g = Autograd.noGrad()) { z = w.mul(2); }  z.requiresGrad(), z.gradFn()",
                    pythonBool(z.requiresGrad()) + ", " + (z.gradFn() == null ? "None" : z.gradFn()));
        }

        l.section("nn.Linear");
        l.show("nn.Linear(3, 1)", "new Linear(3, 1)", new Linear(3, 1));
    }

    private static String pythonBool(boolean b) {
        return b ? "True" : "False";
    }
}
