package io.streamgrad.golden;

import io.streamgrad.tensor.Tensor;

/** Python's arithmetic operators over tensors and Python numbers ({@link Long} and {@link Double}). */
final class PythonOperators {
    private PythonOperators() {
    }

    static Object negate(Object v) {
        return switch (v) {
            case Tensor t -> t.neg();
            case Long l -> -l;
            case Double d -> -d;
            default -> throw new IllegalArgumentException("cannot negate " + v);
        };
    }

    static Object binary(String op, Object a, Object b) {
        if (a instanceof Tensor t) {
            return tensorOp(op, t, b);
        }
        if (b instanceof Tensor t) {
            return reversed(op, a, t);
        }
        return numberOp(op, (Number) a, (Number) b);
    }

    private static Object tensorOp(String op, Tensor t, Object b) {
        if (b instanceof Tensor u) {
            return switch (op) {
                case "+" -> t.add(u);
                case "-" -> t.sub(u);
                case "*" -> t.mul(u);
                case "/" -> t.div(u);
                default -> throw new IllegalArgumentException("tensor ** tensor is not supported");
            };
        }
        if (b instanceof Long l) {
            return switch (op) {
                case "+" -> t.add(l);
                case "-" -> t.sub(l);
                case "*" -> t.mul(l);
                case "/" -> t.div(l);
                default -> t.pow(l);
            };
        }
        double d = ((Number) b).doubleValue();
        return switch (op) {
            case "+" -> t.add(d);
            case "-" -> t.sub(d);
            case "*" -> t.mul(d);
            case "/" -> t.div(d);
            default -> t.pow(d);
        };
    }

    private static Object reversed(String op, Object a, Tensor t) {
        boolean integral = a instanceof Long;
        double d = ((Number) a).doubleValue();
        return switch (op) {
            case "+" -> integral ? t.add((long) d) : t.add(d);
            case "*" -> integral ? t.mul((long) d) : t.mul(d);
            case "-" -> integral ? t.rsub((long) d) : t.rsub(d);
            case "/" -> integral ? t.rdiv((long) d) : t.rdiv(d);
            default -> throw new IllegalArgumentException("number ** tensor is not supported");
        };
    }

    private static Object numberOp(String op, Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y && !op.equals("/")) {
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                default -> (long) Math.pow(x, y);
            };
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> x / y;
            default -> Math.pow(x, y);
        };
    }
}
