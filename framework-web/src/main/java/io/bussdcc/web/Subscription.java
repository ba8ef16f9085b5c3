package io.bussdcc.web;

import io.bussdcc.api.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one WebSocket connection receives: events of the listed types (all when none are
 * listed; a name ending in {@code *} matches every type name starting with the rest) of at
 * least {@code minSeverity}.
 */
record Subscription(Set<String> types, Severity minSeverity, Set<String> exact, List<String> prefixes) {

    static final Subscription ALL = of(List.of(), Severity.DEBUG);

    static Subscription of(List<String> types, Severity minSeverity) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> exact = new LinkedHashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (String t : types) {
            String s = t.strip();
            if (s.isEmpty()) {
                continue;
            }
            all.add(s);
            if (s.endsWith("*")) {
                prefixes.add(s.substring(0, s.length() - 1));
            } else {
                exact.add(s);
            }
        }
        return new Subscription(Set.copyOf(all), minSeverity, Set.copyOf(exact), List.copyOf(prefixes));
    }

    boolean matches(String type, Severity severity) {
        if (!severity.isAtLeast(minSeverity)) {
            return false;
        }
        if (types.isEmpty()) {
            return true;
        }
        if (type == null) {
            return false;
        }
        if (exact.contains(type)) {
            return true;
        }
        for (String p : prefixes) {
            if (type.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a severity name ({@code info}, {@code WARNING}) or number ({@code 30}).
     *
     * @throws IllegalArgumentException listing the valid names
     */
    static Severity severity(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        for (Severity v : Severity.values()) {
            if (v.name().equals(s) || String.valueOf(v.level()).equals(s)) {
                return v;
            }
        }
        if (s.equals("WARN")) {
            return Severity.WARNING;
        }
        throw new IllegalArgumentException("'" + text + "' is not a severity (DEBUG, INFO, WARNING, ERROR, CRITICAL)");
    }
}
