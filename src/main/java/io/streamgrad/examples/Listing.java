package io.streamgrad.examples;

import java.io.PrintStream;

/**
 * Prints a seminar block the way a notebook shows it: the PyTorch line, the streamgrad line beside it,
 * then what evaluating it printed.
 */
public final class Listing {
    private final PrintStream out;

    /** A listing that prints to {@code out}. */
    public Listing(PrintStream out) {
        this.out = out;
    }

    /** A section heading. */
    public void section(String title) {
        out.println();
        out.println("== " + title + " " + "=".repeat(Math.max(3, 76 - title.length())));
    }

    /** One statement: the PyTorch code, the streamgrad code, and the value it printed (null prints nothing). */
    public void show(String python, String java, Object value) {
        out.println(">>> " + python);
        out.println("    // " + java);
        if (value != null) {
            out.println(value);
        }
    }

    /** A statement that prints nothing. */
    public void run(String python, String java) {
        show(python, java, null);
    }

    /** An explanation, as the seminar's prose between blocks. */
    public void note(String text) {
        out.println("# " + text);
    }

    /** A plain output line (inside loops). */
    public void print(String line) {
        out.println(line);
    }
}
