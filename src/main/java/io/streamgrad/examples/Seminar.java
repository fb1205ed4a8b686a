package io.streamgrad.examples;

import java.io.PrintStream;

/** The whole seminar, block by block, in order: what {@code streamgrad seminar} prints. */
public final class Seminar {
    private Seminar() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

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
