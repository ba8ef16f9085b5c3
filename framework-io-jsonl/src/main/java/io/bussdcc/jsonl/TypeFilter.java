package io.bussdcc.jsonl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which type names pass: patterns are exact names or prefixes ending in {@code *}
 * ({@code greenhouse.sensors:*}); a pattern starting with {@code !} excludes. A name passes
 * when no include pattern is given or one matches, and no exclude pattern matches.
 */
final class TypeFilter {

    static final TypeFilter ALL = new TypeFilter(List.of(), List.of());

    private final List<String> includes;
    private final List<String> excludes;

    private TypeFilter(List<String> includes, List<String> excludes) {
        this.includes = includes;
        this.excludes = excludes;
    }

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

    /** Whether {@code typeName} (null for a typeless record) passes. */
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

    private static boolean matches(String pattern, String name) {
        return pattern.endsWith("*")
                ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                : name.equals(pattern);
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(includes);
        excludes.forEach(e -> all.add("!" + e));
        return all.isEmpty() ? "*" : String.join(",", all);
    }
}
