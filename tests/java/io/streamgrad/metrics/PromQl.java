package io.streamgrad.metrics;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects: what is left once label matchers, strings, ranges,
 * grouping clauses, functions, keywords and numbers are taken out. Also reads Grafana's
 * {@code label_values(metric, label)} variable queries.
 */
final class PromQl {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "offset", "and", "or", "unless", "inf", "nan");

    private PromQl() {
    }

    static Set<String> metricNames(String expression) {
        Matcher variableQuery = LABEL_VALUES.matcher(expression.trim());
        if (variableQuery.find()) {
            return Set.of(variableQuery.group(1));
        }
        String rest = STRING.matcher(expression).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            String token = m.group();
            if (!KEYWORDS.contains(token.toLowerCase()) && !calledAsFunction(rest, m.end())) {
                names.add(token);
            }
        }
        return names;
    }

    private static boolean calledAsFunction(String text, int end) {
        int i = end;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '(';
    }
}
