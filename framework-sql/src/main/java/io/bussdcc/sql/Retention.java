package io.bussdcc.sql;

import io.bussdcc.api.TypeFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How long recorded events are kept: a default age (or forever) and overrides for type
 * patterns ({@code greenhouse.sensors:*} — exact names or prefixes ending in {@code *}). An
 * event whose type matches several overrides keeps the most specific one's age (the longest
 * prefix; an exact name before a prefix). Immutable.
 *
 * <pre>{@code
 * Retention r = Retention.keep(Duration.ofDays(30)).keep("greenhouse.sensors:*", Duration.ofDays(7));
 * }</pre>
 */
public final class Retention {

    private static final Retention FOREVER = new Retention(null, Map.of());

    private final Duration age;
    private final Map<String, Duration> overrides;

    private Retention(Duration age, Map<String, Duration> overrides) {
        this.age = age;
        this.overrides = overrides;
    }

    /** Keeps every event (the default). */
    public static Retention forever() {
        return FOREVER;
    }

    /** Keeps events younger than {@code age}. */
    public static Retention keep(Duration age) {
        return FOREVER.keepAll(age);
    }

    /** This retention with the default age {@code age}. */
    public Retention keepAll(Duration age) {
        return new Retention(checkAge(age), overrides);
    }

    /** This retention keeping events whose type matches {@code pattern} for {@code age} instead. */
    public Retention keep(String pattern, Duration age) {
        Objects.requireNonNull(pattern, "pattern");
        String p = pattern.strip();
        try {
            TypeFilter.of(p); // the grammar of docs/type-patterns.md, and its errors
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("retention override: " + e.getMessage(), e);
        }
        if (p.startsWith("!") || p.indexOf('*') >= 0 && p.indexOf('*') != p.length() - 1) {
            throw new IllegalArgumentException("a retention override names a type or a prefix ending in *, not '"
                    + pattern + "' (the most specific override wins, which only names and prefixes can rank)");
        }
        Map<String, Duration> m = new LinkedHashMap<>(overrides);
        m.put(p, checkAge(age));
        return new Retention(this.age, Map.copyOf(m));
    }

    private static Duration checkAge(Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("a retention age must be positive: " + age);
        }
        return age;
    }

    /** The default age, if events are not kept forever. */
    public Optional<Duration> age() {
        return Optional.ofNullable(age);
    }

    /** The overrides, pattern to age. */
    public Map<String, Duration> overrides() {
        return overrides;
    }

    /** Whether this deletes nothing ever. */
    public boolean keepsEverything() {
        return age == null && overrides.isEmpty();
    }

    /** The age an event of {@code type} is kept for, if not forever. */
    Optional<Duration> ageOf(String type) {
        String name = type == null ? "" : type;
        for (String p : bySpecificity()) {
            if (p.endsWith("*") ? name.startsWith(stem(p)) : name.equals(p)) {
                return Optional.of(overrides.get(p));
            }
        }
        return Optional.ofNullable(age);
    }

    /**
     * Deletes from {@code table} the events older than their age at {@code now}, in one
     * transaction.
     *
     * @return the number of rows deleted
     */
    long apply(Connection c, String table, Instant now) throws SQLException {
        if (keepsEverything()) {
            return 0;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        long deleted = 0;
        try {
            // Most specific first: each deletes its rows that no more specific pattern claims.
            List<String> patterns = bySpecificity();
            for (int i = 0; i < patterns.size(); i++) {
                List<Object> params = new ArrayList<>();
                StringBuilder where = new StringBuilder(TypeConditions.condition(patterns.get(i), params));
                for (int j = 0; j < i; j++) {
                    if (claims(patterns.get(j), patterns.get(i))) {
                        where.append(" AND NOT (").append(TypeConditions.condition(patterns.get(j), params)).append(')');
                    }
                }
                deleted += delete(c, table, where.toString(), params, now.minus(overrides.get(patterns.get(i))));
            }
            if (age != null) {
                List<Object> params = new ArrayList<>();
                StringBuilder where = new StringBuilder("(type IS NULL");
                if (!patterns.isEmpty()) {
                    where.append(" OR NOT (");
                    for (int i = 0; i < patterns.size(); i++) {
                        where.append(i == 0 ? "" : " OR ").append(TypeConditions.condition(patterns.get(i), params));
                    }
                    where.append(')');
                } else {
                    where.append(" OR 1 = 1");
                }
                where.append(')');
                deleted += delete(c, table, where.toString(), params, now.minus(age));
            }
            c.commit();
            return deleted;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The override patterns, most specific first: longer stems first, an exact name before a prefix of the same stem. */
    private List<String> bySpecificity() {
        List<String> patterns = new ArrayList<>(overrides.keySet());
        patterns.sort(Comparator.comparingInt((String p) -> -stem(p).length())
                .thenComparing(p -> p.endsWith("*"))
                .thenComparing(Comparator.naturalOrder()));
        return patterns;
    }

    private static String stem(String pattern) {
        return pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    /** Whether the more specific pattern {@code specific} matches types that {@code general} matches too. */
    private static boolean claims(String specific, String general) {
        return general.endsWith("*") && stem(specific).startsWith(stem(general));
    }

    private static long delete(Connection c, String table, String where, List<Object> params, Instant before)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + where
                + " AND (epoch_s < ? OR epoch_s = ? AND nano < ?)")) {
            int i = 1;
            for (Object p : params) {
                ps.setObject(i++, p);
            }
            ps.setLong(i++, before.getEpochSecond());
            ps.setLong(i++, before.getEpochSecond());
            ps.setInt(i, before.getNano());
            return ps.executeLargeUpdate();
        }
    }

    /**
     * Reads {@code 30d} and overrides {@code PATTERN=AGE} (comma-separated), as the sink's
     * configuration writes them.
     *
     * @throws IllegalArgumentException naming the part that is not a pattern and an age
     */
    static Retention parse(String keep, String perType) {
        Retention r = keep == null || keep.isBlank() || keep.strip().equalsIgnoreCase("forever") ? FOREVER
                : keep(io.bussdcc.api.Config.parseDuration(keep.strip()));
        if (perType != null) {
            for (String part : perType.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.lastIndexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("'" + part.strip() + "' is not TYPE=AGE (e.g. greenhouse.sensors:*=7d)");
                }
                r = r.keep(part.substring(0, eq).strip(), io.bussdcc.api.Config.parseDuration(part.substring(eq + 1).strip()));
            }
        }
        return r;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(age == null ? "forever" : age.toString());
        overrides.forEach((p, a) -> b.append(", ").append(p).append('=').append(a));
        return "Retention[" + b + "]";
    }
}
