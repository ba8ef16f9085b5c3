package io.bussdcc.sql;

import io.bussdcc.sql.Jdbc.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The events table: its name, its DDL for each dialect, and the check that it still has the
 * columns the recorder and the source use (a table altered by hand is refused, naming what is
 * missing). Columns: {@code id} (insertion order), {@code epoch_s} and {@code nano} (the event
 * time, UTC, to the nanosecond), {@code time} (the same as text, as the JSONL line writes it),
 * {@code type}, {@code severity}, {@code device}, {@code data} (the JSONL line's data object).
 */
final class EventTable {

    /** The default table name. */
    static final String DEFAULT = "bussdcc_events";

    static final List<String> COLUMNS = List.of("id", "epoch_s", "nano", "time", "type", "severity", "device", "data");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private EventTable() {}

    /** @throws IllegalArgumentException unless {@code name} is a plain (optionally schema-qualified) identifier */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("table name '" + name + "' is not a plain SQL identifier"
                    + " (letters, digits, _; optionally schema.table)");
        }
        return name;
    }

    static String insert(String table, Dialect dialect) {
        String data = dialect == Dialect.POSTGRESQL ? "CAST(? AS json)" : "?";
        return "INSERT INTO " + table + " (epoch_s, nano, time, type, severity, device, data) VALUES (?, ?, ?, ?, ?, ?, "
                + data + ")";
    }

    private static List<String> ddl(String table, Dialect dialect) {
        String index = table.replace('.', '_');
        String id = switch (dialect) {
            case SQLITE -> "id INTEGER PRIMARY KEY AUTOINCREMENT";
            case POSTGRESQL -> "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
            case OTHER -> throw new IllegalStateException("no DDL for " + dialect);
        };
        String json = dialect == Dialect.POSTGRESQL ? "json" : "TEXT";
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table + " (" + id + ", epoch_s BIGINT NOT NULL, nano INTEGER NOT NULL,"
                        + " time TEXT NOT NULL, type TEXT, severity TEXT NOT NULL, device TEXT, data " + json + " NOT NULL)",
                "CREATE INDEX IF NOT EXISTS " + index + "_time ON " + table + " (epoch_s, nano)",
                "CREATE INDEX IF NOT EXISTS " + index + "_type_time ON " + table + " (type, epoch_s)");
    }

    /**
     * Creates the table and its indexes if they do not exist, then checks its columns.
     *
     * @throws SQLException naming the table and the missing columns when it was altered
     */
    static void create(Connection c, String table, Dialect dialect, String where) throws SQLException {
        if (dialect == Dialect.OTHER) {
            throw new SQLException("the event table is defined for SQLite and PostgreSQL only, not " + where);
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : ddl(table, dialect)) {
                s.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("cannot create the event table " + table + " in " + where + ": " + Jdbc.describe(e),
                    e.getSQLState(), e.getErrorCode(), e);
        } finally {
            c.setAutoCommit(auto);
        }
        check(c, table, where);
    }

    /**
     * Checks that {@code table} exists with every column of {@link #COLUMNS}.
     *
     * @throws SQLException naming the table, the missing columns and the ones it has
     */
    static void check(Connection c, String table, String where) throws SQLException {
        Set<String> have = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                have.add(md.getColumnName(i).toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            if (!exists(c, table)) {
                throw new SQLException("there is no event table " + table + " in " + where, e.getSQLState(), e.getErrorCode(), e);
            }
            throw new SQLException("cannot read the event table " + table + " in " + where + ": " + Jdbc.describe(e),
                    e.getSQLState(), e.getErrorCode(), e);
        }
        List<String> missing = new ArrayList<>();
        for (String col : COLUMNS) {
            if (!have.contains(col)) {
                missing.add(col);
            }
        }
        if (!missing.isEmpty()) {
            throw new SQLException("the event table " + table + " in " + where + " has no column " + String.join(", ", missing)
                    + " (it has " + String.join(", ", have) + "): it was altered by hand; restore those columns,"
                    + " or record into another table (table=...)");
        }
    }

    private static boolean exists(Connection c, String table) {
        String schema = null;
        String name = table;
        int dot = table.indexOf('.');
        if (dot > 0) {
            schema = table.substring(0, dot);
            name = table.substring(dot + 1);
        }
        try {
            DatabaseMetaData md = c.getMetaData();
            for (String candidate : List.of(name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT))) {
                try (ResultSet rs = md.getTables(null, schema, candidate, null)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            return true; // cannot tell: report the original failure as it is
        }
    }
}
