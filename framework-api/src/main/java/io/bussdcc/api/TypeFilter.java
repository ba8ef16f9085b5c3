package io.bussdcc.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which message type names pass a list of type patterns: exact names ({@code greenhouse:Alarm}),
 * {@code *} globs ({@code greenhouse:*}, {@code *Alarm}) and exclusions ({@code !debug:*}). The
 * grammar is written once, in {@code docs/type-patterns.md}; the JSONL sink and source
 * ({@code types}), {@code bussdcc cat/replay --type} and the web interface's subscriptions all
 * use this class, so a pattern means the same everywhere.
 *
 * <p>Immutable and thread-safe. Patterns are compiled once: {@link #accepts} is a hash lookup
 * for exact names plus a scan of the prefixes, suffixes and other globs only.
 */
public final class TypeFilter {

    /** The filter that accepts every type name: no patterns. */
    public static final TypeFilter ALL = new TypeFilter(List.of(), new Part(List.of()), new Part(List.of()));

    private final List<String> patterns;
    private final Part includes;
    private final Part excludes;

    private TypeFilter(List<String> patterns, Part includes, Part excludes) {
        this.patterns = patterns;
        this.includes = includes;
        this.excludes = excludes;
    }

    /**
     * The filter of {@code patterns}; none means every type.
     *
     * @throws IllegalArgumentException naming the pattern, if one is blank, is {@code !} alone,
     *                                  or contains a comma or whitespace
     */
    public static TypeFilter of(String... patterns) {
        return of(Arrays.asList(patterns));
    }

    /** As {@link #of(String...)}. */
    public static TypeFilter of(Collection<String> patterns) {
        Set<String> all = new LinkedHashSet<>();
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (String raw : patterns) {
            String p = check(raw);
            if (all.add(p)) {
                if (p.startsWith("!")) {
                    out.add(p.substring(1));
                } else {
                    in.add(p);
                }
            }
        }
        return all.isEmpty() ? ALL : new TypeFilter(List.copyOf(all), new Part(in), new Part(out));
    }

    /**
     * The filter of comma-separated patterns, as configuration and URLs carry them; a blank
     * text means every type.
     *
     * @throws IllegalArgumentException as {@link #of(String...)}, also for an empty item
     *                                  ({@code a,,b} or a trailing comma)
     */
    public static TypeFilter parse(String commaSeparated) {
        if (commaSeparated.isBlank()) {
            return ALL;
        }
        return of(commaSeparated.split(",", -1));
    }

    private static String check(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("a type pattern must not be null");
        }
        String p = raw.strip();
        String body = p.startsWith("!") ? p.substring(1) : p;
        if (body.isEmpty()) {
            throw new IllegalArgumentException("'" + raw + "' is not a type pattern: "
                    + (p.isEmpty() ? "it is empty" : "'!' must be followed by a name or pattern")
                    + " (e.g. greenhouse:Alarm, greenhouse:*, *Alarm, !greenhouse:SensorReading)");
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == ',' || c == '!' || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("'" + raw + "' is not a type pattern: it contains '" + c
                        + "' (patterns are separated, one name or glob each; '!' only at the start)");
            }
        }
        return p;
    }

    /** Whether this filter has no patterns, so that every type name passes. */
    public boolean acceptsAll() {
        return patterns.isEmpty();
    }

    /**
     * Whether {@code typeName} passes: no exclusion matches it, and there is no inclusion or one
     * matches it. {@code null} (a record without a type) is matched as the empty name.
     */
    public boolean accepts(String typeName) {
        String name = typeName == null ? "" : typeName;
        if (excludes.matches(name)) {
            return false;
        }
        return includes.isEmpty() || includes.matches(name);
    }

    /** The patterns, stripped, without repeats, in the order given; exclusions keep their {@code !}. */
    public List<String> patterns() {
        return patterns;
    }

    /** The patterns comma-separated, as {@link #parse} reads them; empty for {@link #ALL}. */
    @Override
    public String toString() {
        return String.join(",", patterns);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeFilter other && patterns.equals(other.patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    /** The inclusions or the exclusions, compiled by shape. */
    private static final class Part {
        private final boolean empty;
        private final boolean everything;
        private final Set<String> exact;
        private final String[] prefixes;
        private final String[] suffixes;
        private final String[][] globs;

        Part(List<String> patterns) {
            boolean any = false;
            Set<String> ex = new HashSet<>();
            List<String> pre = new ArrayList<>();
            List<String> suf = new ArrayList<>();
            List<String[]> other = new ArrayList<>();
            for (String p : patterns) {
                if (p.indexOf('*') < 0) {
                    ex.add(p);
                    continue;
                }
                // Split at each run of stars: first and last pieces are anchored, empty when the
                // pattern starts or ends with a star.
                String[] g = p.split("\\*+", -1);
                String head = g[0];
                String tail = g[g.length - 1];
                if (g.length == 2 && head.isEmpty() && tail.isEmpty()) {
                    any = true;
                } else if (g.length == 2 && tail.isEmpty()) {
                    pre.add(head);
                } else if (g.length == 2 && head.isEmpty()) {
                    suf.add(tail);
                } else {
                    other.add(g);
                }
            }
            this.empty = patterns.isEmpty();
            this.everything = any;
            this.exact = Set.copyOf(ex);
            this.prefixes = pre.toArray(String[]::new);
            this.suffixes = suf.toArray(String[]::new);
            this.globs = other.toArray(String[][]::new);
        }

        boolean isEmpty() {
            return empty;
        }

        boolean matches(String name) {
            if (everything || exact.contains(name)) {
                return true;
            }
            for (String p : prefixes) {
                if (name.startsWith(p)) {
                    return true;
                }
            }
            for (String s : suffixes) {
                if (name.endsWith(s)) {
                    return true;
                }
            }
            for (String[] g : globs) {
                if (globMatches(g, name)) {
                    return true;
                }
            }
            return false;
        }

        /** {@code g} is the pattern split at each run of stars: first and last are anchored. */
        private static boolean globMatches(String[] g, String name) {
            String head = g[0];
            String tail = g[g.length - 1];
            if (name.length() < head.length() + tail.length() || !name.startsWith(head) || !name.endsWith(tail)) {
                return false;
            }
            int from = head.length();
            int end = name.length() - tail.length();
            for (int i = 1; i < g.length - 1; i++) {
                int at = name.indexOf(g[i], from);
                if (at < 0 || at + g[i].length() > end) {
                    return false;
                }
                from = at + g[i].length();
            }
            return true;
        }
    }
}
