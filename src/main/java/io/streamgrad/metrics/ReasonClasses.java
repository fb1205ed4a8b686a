package io.streamgrad.metrics;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Short, fixed reason classes for meter tags, derived from the free-text reasons of dead letters and
 * rolled-back steps.
 *
 * <p>A tag value must come from a small closed set: the free text holds pieces of the rejected row (which
 * may be private data) and has unbounded cardinality, so it never becomes a tag itself. Unknown texts map
 * to {@code other}; a test feeds the decoders' real messages through this class so that a reworded
 * message cannot silently fall into {@code other}.
 */
public final class ReasonClasses {
    /** The class of a reason no rule recognises. */
    public static final String OTHER = "other";

    /**
     * Checked in order; the first rule that matches names the class. Rules look only at the fixed parts of
     * the decoders' messages (their start, or their end after the quoted value), because the middle may
     * quote the row itself and a row must not be able to choose its own class.
     */
    private static final List<Rule> REJECTIONS = List.of(
            Rule.startsWith("empty record", "empty"),
            Rule.startsWith("row of ", "too_large"),
            Rule.startsWith("not a CSV line", "parse"),
            Rule.startsWith("expected one CSV line", "parse"),
            Rule.startsWith("not JSON", "parse"),
            Rule.startsWith("expected a JSON object", "parse"),
            new Rule(Pattern.compile("^expected \\d+ fields ").asPredicate(), "field_count"),
            Rule.startsWith("model.key is record-key", "missing_key"),
            Rule.startsWith("missing model key column", "missing_key"),
            Rule.startsWith("missing column", "missing_column"),
            Rule.endsWith("' is not a number", "not_a_number"),
            Rule.endsWith("; only finite numbers can be trained on", "non_finite"));

    private static final List<Rule> ROLLBACKS = List.of(
            Rule.startsWith("loss is ", "loss_non_finite"),
            Rule.startsWith("gradient norm is ", "gradient_non_finite"),
            Rule.startsWith("a weight became non-finite", "weight_non_finite"));

    private ReasonClasses() {
    }

    /**
     * The class of a dead-letter reason: {@code empty}, {@code too_large}, {@code parse}, {@code field_count},
     * {@code missing_key}, {@code missing_column}, {@code not_a_number}, {@code non_finite} or {@code other}.
     */
    public static String ofRejection(String reason) {
        return classify(REJECTIONS, reason);
    }

    /**
     * The class of a rollback reason: {@code loss_non_finite}, {@code gradient_non_finite},
     * {@code weight_non_finite} or {@code other}.
     */
    public static String ofRollback(String reason) {
        return classify(ROLLBACKS, reason);
    }

    /** Every rejection class, {@code other} last: the closed set of the rejection meters' {@code reason} tag. */
    public static List<String> rejectionClasses() {
        return classes(REJECTIONS);
    }

    /** Every rollback class, {@code other} last: the closed set of the rollback meters' {@code reason} tag. */
    public static List<String> rollbackClasses() {
        return classes(ROLLBACKS);
    }

    private static List<String> classes(List<Rule> rules) {
        return Stream.concat(rules.stream().map(Rule::reasonClass), Stream.of(OTHER)).distinct().toList();
    }

    private static String classify(List<Rule> rules, String reason) {
        if (reason == null) {
            return OTHER;
        }
        for (Rule rule : rules) {
            if (rule.matches().test(reason)) {
                return rule.reasonClass();
            }
        }
        return OTHER;
    }

    private record Rule(Predicate<String> matches, String reasonClass) {
        static Rule startsWith(String prefix, String reasonClass) {
            return new Rule(text -> text.startsWith(prefix), reasonClass);
        }

        static Rule endsWith(String suffix, String reasonClass) {
            return new Rule(text -> text.endsWith(suffix), reasonClass);
        }
    }
}
