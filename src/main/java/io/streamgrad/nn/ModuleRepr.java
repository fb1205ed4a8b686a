package io.streamgrad.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PyTorch's {@code Module.__repr__} and {@code _addindent}, character for character. */
final class ModuleRepr {
    private static final int INDENT = 2;

    private ModuleRepr() {
    }

    static String of(String typeName, String extraRepr, Map<String, Module> children) {
        List<String> extraLines = extraRepr.isEmpty() ? List.of() : List.of(extraRepr.split("\n", -1));
        List<String> childLines = new ArrayList<>();
        children.forEach((name, child) -> childLines.add("(" + name + "): " + addIndent(child.toString())));
        StringBuilder out = new StringBuilder(typeName).append('(');
        if (extraLines.size() == 1 && childLines.isEmpty()) {
            // The one-liner most built-in modules use.
            out.append(extraLines.get(0));
        } else if (!extraLines.isEmpty() || !childLines.isEmpty()) {
            List<String> lines = new ArrayList<>(extraLines);
            lines.addAll(childLines);
            String pad = " ".repeat(INDENT);
            out.append('\n').append(pad).append(String.join("\n" + pad, lines)).append('\n');
        }
        return out.append(')').toString();
    }

    /** Indents every line but the first, so a nested module's repr lines up under its {@code (name): }. */
    private static String addIndent(String s) {
        int firstBreak = s.indexOf('\n');
        if (firstBreak < 0) {
            return s;
        }
        String pad = " ".repeat(INDENT);
        return s.substring(0, firstBreak + 1) + pad + s.substring(firstBreak + 1).replace("\n", "\n" + pad);
    }
}
