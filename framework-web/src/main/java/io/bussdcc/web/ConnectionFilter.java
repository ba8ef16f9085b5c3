package io.bussdcc.web;

import io.bussdcc.api.Severity;
import io.bussdcc.api.TypeFilter;
import java.util.Locale;

/**
 * Which events one WebSocket connection receives: those whose type passes {@code types} (the
 * shared pattern grammar, docs/type-patterns.md) and whose severity is at least
 * {@code minSeverity}.
 */
record ConnectionFilter(TypeFilter types, Severity minSeverity) {

    static final ConnectionFilter ALL = new ConnectionFilter(TypeFilter.ALL, Severity.DEBUG);

    boolean matches(String type, Severity severity) {
        return severity.isAtLeast(minSeverity) && (types.acceptsAll() || types.accepts(type));
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
