package io.bussdcc.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which type names pass, with the JSONL sink's semantics: patterns are exact names or
 * prefixes ending in {@code *}; a pattern starting with {@code !} excludes. A name passes when
 * no include pattern is given or one matches, and no exclude pattern matches. A typeless
 * record counts as the empty name.
 */
final class TypeFilter {

    static final TypeFilter ALL = new TypeFilter(List.of(), List.of());

    final List<String> includes;
    final List<String> excludes;

    private TypeFilter(List<String> includes, List<String> excludes) {
        this.includes = includes;
        this.excludes = excludes;
    }

    /** @throws IllegalArgumentException for a {@code !} that excludes nothing */
    static TypeFilter of(Collection<String> patterns) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (String raw : patterns) {
            String p = raw.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("!")) {
                String q = p.substring(1).strip();
                if (q.isEmpty()) {
                    throw new IllegalArgumentException("type pattern '" + raw + "' excludes nothing");
                }
                out.add(q);
            } else {
                in.add(p);
            }
        }
        return in.isEmpty() && out.isEmpty() ? ALL : new TypeFilter(List.copyOf(in), List.copyOf(out));
    }

    boolean acceptsAll() {
        return this == ALL;
    }

    boolean accepts(String typeName) {
        String name = typeName == null ? "" : typeName;
        for (String p : excludes) {
            if (matches(p, name)) {
                return false;
            }
        }
        if (includes.isEmpty()) {
            return true;
        }
        for (String p : includes) {
            if (matches(p, name)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String name) {
        return pattern.endsWith("*")
                ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                : name.equals(pattern);
    }

    /**
     * The SQL condition on column {@code type} that a pattern stands for, with its parameter
     * added to {@code params}: {@code type = ?}, or {@code type LIKE ? ESCAPE '\'} for a prefix.
     */
    static String condition(String pattern, List<Object> params) {
        if (pattern.endsWith("*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            params.add(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            return "type LIKE ? ESCAPE '\\'";
        }
        params.add(pattern);
        return "type = ?";
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(includes);
        excludes.forEach(e -> all.add("!" + e));
        return all.isEmpty() ? "*" : String.join(",", all);
    }
}
