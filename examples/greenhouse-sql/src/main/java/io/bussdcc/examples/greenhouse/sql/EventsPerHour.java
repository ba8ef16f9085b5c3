package io.bussdcc.examples.greenhouse.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * How many events the SQL recorder ({@code io.bussdcc.sql.SqlSink}) wrote per hour and type:
 * one {@code GROUP BY} over its table's {@code epoch_s} and {@code type} columns, the same on
 * SQLite and PostgreSQL.
 *
 * @param table the recorder's table (a plain identifier, or {@code schema.table})
 */
public record EventsPerHour(String table) {

    /** The recorder's default table. */
    public static final String DEFAULT_TABLE = "bussdcc_events";
    /** The label of events without a registered type (typeless records). */
    public static final String NO_TYPE = "(no type)";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    /**
     * Checks the name.
     *
     * @throws IllegalArgumentException if it is not a plain identifier or {@code schema.table}
     */
    public EventsPerHour {
        if (table == null || !IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("the recorder's table must be a plain identifier or schema.table, not '"
                    + table + "'");
        }
    }

    /**
     * An hour and its counts.
     *
     * @param start  the hour's first second (UTC)
     * @param counts the events per type in it, by type name
     */
    public record Hour(Instant start, Map<String, Long> counts) {
        /** Copies the counts. */
        public Hour {
            counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }

        /** All events of the hour. */
        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The hours from the one holding {@code since} on that have events, oldest first; empty
     * when the table does not exist (the recorder has never run on this database).
     */
    public Optional<List<Hour>> since(DataSource source, Instant since) throws SQLException {
        try (Connection c = source.getConnection()) {
            if (!exists(c)) {
                return Optional.empty();
            }
            long fromHour = Math.floorDiv(since.getEpochSecond(), 3600);
            List<Hour> hours = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT epoch_s / 3600 AS h, type, COUNT(*) AS n FROM " + table
                    + " WHERE epoch_s >= ? GROUP BY epoch_s / 3600, type ORDER BY h, type")) {
                ps.setLong(1, fromHour * 3600);
                try (ResultSet rs = ps.executeQuery()) {
                    long current = Long.MIN_VALUE;
                    Map<String, Long> counts = new LinkedHashMap<>();
                    while (rs.next()) {
                        long h = rs.getLong(1);
                        if (h != current && !counts.isEmpty()) {
                            hours.add(new Hour(Instant.ofEpochSecond(current * 3600), counts));
                            counts = new LinkedHashMap<>();
                        }
                        current = h;
                        String type = rs.getString(2);
                        counts.merge(type == null ? NO_TYPE : type, rs.getLong(3), Long::sum);
                    }
                    if (!counts.isEmpty()) {
                        hours.add(new Hour(Instant.ofEpochSecond(current * 3600), counts));
                    }
                }
            }
            return Optional.of(hours);
        }
    }

    private boolean exists(Connection c) throws SQLException {
        int dot = table.indexOf('.');
        String schema = dot < 0 ? null : table.substring(0, dot);
        String name = dot < 0 ? table : table.substring(dot + 1);
        DatabaseMetaData meta = c.getMetaData();
        // PostgreSQL folds unquoted names to lower case, others may keep or raise them.
        for (String n : List.of(name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT))) {
            String s = schema == null ? null : n.equals(name) ? schema : n.equals(name.toLowerCase(Locale.ROOT))
                    ? schema.toLowerCase(Locale.ROOT) : schema.toUpperCase(Locale.ROOT);
            try (ResultSet rs = meta.getTables(null, s, n, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
