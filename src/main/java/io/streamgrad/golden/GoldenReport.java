package io.streamgrad.golden;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a conformance run: one entry per checked item (case, repr, error or scenario), passed or
 * failed with the differences found. Prints one line per failure and ends with {@code N passed, M failed}.
 */
public final class GoldenReport {
    private final List<String> failures = new ArrayList<>();
    private final List<String> unsupported = new ArrayList<>();
    private int passed;
    private int failedItems;

    /** Records an item: it passed when {@code problems} is empty. */
    public void add(String item, List<String> problems) {
        if (problems.isEmpty()) {
            passed++;
            return;
        }
        for (String p : problems) {
            failures.add("FAIL " + item + ": " + p);
        }
        failedItems++;
    }

    /** Records an item this build cannot run yet; it counts as failed. */
    public void unsupported(String item, String why) {
        unsupported.add(item);
        add(item, List.of("not supported yet: " + why));
    }

    /** The number of items recorded without problems. */
    public int passed() {
        return passed;
    }

    /** The number of items with at least one problem, unsupported ones included. */
    public int failed() {
        return failedItems;
    }

    /** One line per problem, {@code FAIL <item>: <problem>}, in the order recorded; a copy. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** The closing line: {@code N passed, M failed}. */
    public String summary() {
        return passed + " passed, " + failedItems + " failed";
    }

    /** Prints every failure line, then the {@link #summary()}. */
    public void print(PrintStream out) {
        failures.forEach(out::println);
        out.println(summary());
    }
}
