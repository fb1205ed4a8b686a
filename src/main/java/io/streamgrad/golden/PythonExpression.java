package io.streamgrad.golden;

import io.streamgrad.tensor.DType;
import io.streamgrad.tensor.Device;
import io.streamgrad.tensor.Shape;
import io.streamgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the small subset of Python the golden file's {@code reprs} use, against the engine: numbers,
 * strings, lists and tuples, {@code torch.*} factories and dtypes, tensor attributes and methods, keyword
 * arguments, {@code float('inf')}, and the arithmetic operators. Tensors map to {@link Tensor}, dtypes to
 * {@link DType}, sizes to {@link Shape}, devices to {@link Device}.
 */
final class PythonExpression {
    private final List<String> tokens;
    private final Map<String, Object> names;
    private int pos;

    private PythonExpression(String source, Map<String, Object> names) {
        this.tokens = tokenize(source);
        this.names = names;
    }

    /** Evaluates {@code source} with the given variables in scope. */
    static Object evaluate(String source, Map<String, Object> variables) {
        PythonExpression e = new PythonExpression(source, variables);
        Object value = e.expression();
        if (e.pos != e.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + e.tokens.get(e.pos) + "' in " + source);
        }
        return value;
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_'
                        || (s.charAt(j) == '-' || s.charAt(j) == '+') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E'))) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else if (c == '\'' || c == '"') {
                int j = s.indexOf(c, i + 1);
                out.add(s.substring(i, j + 1));
                i = j + 1;
            } else if (s.startsWith("**", i)) {
                out.add("**");
                i += 2;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : "";
    }

    private void expect(String token) {
        if (!peek().equals(token)) {
            throw new IllegalArgumentException("expected '" + token + "' but found '" + peek() + "'");
        }
        pos++;
    }

    private Object expression() {
        Object left = term();
        while (peek().equals("+") || peek().equals("-")) {
            String op = tokens.get(pos++);
            left = PythonOperators.binary(op, left, term());
        }
        return left;
    }

    private Object term() {
        Object left = unary();
        while (peek().equals("*") || peek().equals("/")) {
            String op = tokens.get(pos++);
            left = PythonOperators.binary(op, left, unary());
        }
        return left;
    }

    private Object unary() {
        if (peek().equals("-")) {
            pos++;
            return PythonOperators.negate(unary());
        }
        Object base = postfix();
        if (peek().equals("**")) {
            pos++;
            return PythonOperators.binary("**", base, unary());
        }
        return base;
    }

    private Object postfix() {
        Object value = atom();
        while (true) {
            if (peek().equals(".")) {
                pos++;
                value = PythonObjects.attribute(value, tokens.get(pos++));
            } else if (peek().equals("(")) {
                pos++;
                List<Object> args = new ArrayList<>();
                Map<String, Object> kwargs = new LinkedHashMap<>();
                while (!peek().equals(")")) {
                    if (pos + 1 < tokens.size() && tokens.get(pos + 1).equals("=")) {
                        String key = tokens.get(pos);
                        pos += 2;
                        kwargs.put(key, expression());
                    } else {
                        args.add(expression());
                    }
                    if (peek().equals(",")) {
                        pos++;
                    }
                }
                expect(")");
                value = PythonObjects.call(value, args, kwargs);
            } else if (peek().equals("[")) {
                pos++;
                Object index = expression();
                expect("]");
                value = PythonObjects.index(value, index);
            } else {
                return value;
            }
        }
    }

    private Object atom() {
        String t = tokens.get(pos++);
        if (t.equals("(") || t.equals("[")) {
            String close = t.equals("(") ? ")" : "]";
            List<Object> items = new ArrayList<>();
            boolean tuple = t.equals("[");
            while (!peek().equals(close)) {
                items.add(expression());
                if (peek().equals(",")) {
                    pos++;
                    tuple = true;
                }
            }
            expect(close);
            return tuple ? items : items.get(0);
        }
        if (t.startsWith("'") || t.startsWith("\"")) {
            return t.substring(1, t.length() - 1);
        }
        if (Character.isDigit(t.charAt(0)) || t.charAt(0) == '.') {
            String n = t.replace("_", "");
            boolean integral = !n.contains(".") && !n.contains("e") && !n.contains("E");
            return integral ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
        }
        return switch (t) {
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> null;
            default -> {
                if (!names.containsKey(t)) {
                    throw new IllegalArgumentException("unknown name '" + t + "'");
                }
                yield names.get(t);
            }
        };
    }
}
