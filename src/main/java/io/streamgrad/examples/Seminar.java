package io.streamgrad.examples;

import java.io.PrintStream;

/** The whole seminar, block by block, in order: what {@code streamgrad seminar} prints. */
public final class Seminar {
    private Seminar() {
    }

    /** Prints the seminar to standard output; arguments are ignored. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Prints every block to {@code out}: tensors, regression by hand, autograd, then 50_Startups. */
    public static void run(PrintStream out) {
        Listing l = new Listing(out);
        l.note("The PyTorch seminar on streamgrad: each block shows the PyTorch line (>>>), the streamgrad");
        l.note("call beside it (//), and what it printed.");
        TensorBasics.run(l);
        SimpleRegression.run(l);
        AutogradBasics.run(l);
        StartupsRegression.run(l);
    }
}
