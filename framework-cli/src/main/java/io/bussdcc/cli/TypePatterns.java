package io.bussdcc.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --type} patterns: an exact type name, a prefix ending in {@code *}
 * ({@code greenhouse:*}), or either after {@code !} to exclude. A type passes when no including
 * pattern is given or one matches, and no excluding pattern matches — the rule of the JSONL
 * source's {@code types} key, applied here too so every source filters alike.
 */
record TypePatterns(List<String> includes, List<String> excludes) {

    static TypePatterns of(List<String> patterns) throws UsageException {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (String raw : patterns) {
            String p = raw.strip();
            boolean exclude = p.startsWith("!");
            String body = exclude ? p.substring(1).strip() : p;
            if (body.isEmpty() || body.contains(",")) {
                throw new UsageException("--type: '" + raw + "' is not a type name or pattern (e.g. greenhouse:Alarm, greenhouse:*, !greenhouse:SensorReading)");
            }
            (exclude ? out : in).add(body);
        }
        return new TypePatterns(List.copyOf(in), List.copyOf(out));
    }

    boolean all() {
        return includes.isEmpty() && excludes.isEmpty();
    }

    boolean accepts(String typeName) {
        String name = typeName == null ? "" : typeName;
        if (excludes.stream().anyMatch(p -> matches(p, name))) {
            return false;
        }
        return includes.isEmpty() || includes.stream().anyMatch(p -> matches(p, name));
    }

    /** The patterns as a source's {@code types} key takes them: comma-separated. */
    String asConfigValue() {
        List<String> all = new ArrayList<>(includes);
        excludes.forEach(e -> all.add("!" + e));
        return String.join(",", all);
    }

    private static boolean matches(String pattern, String name) {
        return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern);
    }
}
