package io.bussdcc.sql;

import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An application's database: a {@link DataSource}, a transaction helper and the schema at the
 * newest migration. Components get the runtime's one with {@link #of(Context)}:
 *
 * <pre>{@code
 * Database db = Database.of(ctx);            // in a process, service or web route
 * int n = db.transaction(c -> {
 *     try (var ps = c.prepareStatement("UPDATE profiles SET max_temp = ? WHERE name = ?")) {
 *         ps.setDouble(1, 31.5);
 *         ps.setString(2, "summer");
 *         return ps.executeUpdate();
 *     }
 * });
 * }</pre>
 *
 * <p>The runtime's database is configured by {@code sql.url} (default: the SQLite file
 * {@code bussdcc.db} beside the event log, see {@link #defaultUrl}), {@code sql.user},
 * {@code sql.password}, {@code sql.migrations} (a folder of migrations to use instead of the
 * application's, for development); when first asked for, it connects and applies the application's
 * {@linkplain Migrations migrations}, so a failed or out-of-order migration fails the boot
 * (the process {@code sql} asks at boot). It is closed when the runtime shuts down. There is
 * no pool: each {@link DataSource#getConnection()} opens a connection (see {@code docs/sql.md}).
 */
public final class Database implements AutoCloseable {

    private final String url;
    private final Properties properties;
    private final DataSource dataSource;
    private final List<Migration> appliedAtOpen;
    private volatile boolean closed;

    private Database(String url, Properties properties, List<Migration> applied) {
        this.url = url;
        this.properties = properties;
        this.dataSource = new Source();
        this.appliedAtOpen = applied;
    }

    /** A function on a connection that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        /** Does the work on {@code connection}. */
        T apply(Connection connection) throws SQLException;
    }

    /**
     * The runtime's shared database ({@link Context#shared}): opened and migrated when first
     * asked for, from the runtime's configuration, with the migrations {@link Migrations#discover()} finds.
     *
     * @throws MigrationException naming the file, when a migration fails or is refused
     * @throws java.io.UncheckedIOException wrapping the {@link SQLException} when the database cannot be opened
     */
    public static Database of(Context ctx) {
        return ctx.shared(Database.class, c -> {
            Config config = c.config();
            Properties props = new Properties();
            config.get("sql.user").ifPresent(u -> props.setProperty("user", u));
            config.get("sql.password").ifPresent(p -> props.setProperty("password", p));
            Migrations migrations;
            try {
                migrations = config.getPath("sql.migrations").isPresent()
                        ? Migrations.fromDirectory(config.getPath("sql.migrations").get()) : Migrations.discover();
            } catch (java.io.IOException e) {
                throw new MigrationException("cannot read the migrations folder given by " + config.originOf("sql.migrations")
                        + ": " + e, e);
            }
            try {
                return open(config.get("sql.url").orElseGet(() -> defaultUrl(config)), props, migrations);
            } catch (SQLException e) {
                throw new DatabaseException(e.getMessage(), e);
            }
        });
    }

    /**
     * Opens the database at {@code url} and applies {@code migrations}.
     *
     * @throws SQLException       if it cannot be opened (unreachable, locked, no driver)
     * @throws MigrationException naming the file, when a migration fails or is refused
     */
    public static Database open(String url, Properties properties, Migrations migrations) throws SQLException {
        Objects.requireNonNull(url, "url");
        Properties props = new Properties();
        props.putAll(properties);
        List<Migration> applied;
        try (Connection c = Jdbc.connect(url, props)) {
            applied = migrations.apply(c, Jdbc.redact(url));
        }
        return new Database(url, props, applied);
    }

    /** As {@link #open(String, Properties, Migrations)} without properties. */
    public static Database open(String url, Migrations migrations) throws SQLException {
        return open(url, new Properties(), migrations);
    }

    /**
     * The default database: the SQLite file {@code bussdcc.db} beside the event log — in the
     * folder holding {@code sink.jsonl.dir} (default {@code ./events}, so {@code ./bussdcc.db}).
     */
    public static String defaultUrl(Config config) {
        Path events = config == null ? Path.of("events")
                : config.getPath("sink.jsonl.dir").orElse(Path.of("events"));
        Path parent = events.toAbsolutePath().normalize().getParent();
        Path file = (parent == null ? Path.of("") : parent).resolve("bussdcc.db");
        return "jdbc:sqlite:" + file;
    }

    /** The database's URL (without password). */
    public String url() {
        return Jdbc.redact(url);
    }

    /** The connections: each call opens a new one (auto-commit on); close it when done. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The migrations applied when this database was opened (empty if it was up to date). */
    public List<Migration> appliedAtOpen() {
        return appliedAtOpen;
    }

    /** The newest migration version the database has, or -1 for none. */
    public long schemaVersion() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Migrations.version(c);
        }
    }

    /**
     * Runs {@code work} in one transaction on a connection of its own: committed when it
     * returns, rolled back when it throws (the exception reaches the caller).
     *
     * @throws SQLException what {@code work} or the commit throws
     */
    public <T> T transaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        }
    }

    /** Closes the database: later {@code getConnection} calls fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "Database[" + url() + "]";
    }

    /** The database could not be opened; the cause says why. */
    public static final class DatabaseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DatabaseException(String message, SQLException cause) {
            super(message, cause);
        }
    }

    private final class Source implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            if (closed) {
                throw new SQLException("the database " + url() + " is closed (its runtime has shut down)");
            }
            return Jdbc.connect(url, properties);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            Properties p = new Properties();
            p.putAll(properties);
            p.setProperty("user", username);
            p.setProperty("password", password);
            if (closed) {
                throw new SQLException("the database " + url() + " is closed (its runtime has shut down)");
            }
            return Jdbc.connect(url, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no logger");
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper of " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }

        @Override
        public String toString() {
            return "DataSource[" + url() + "]";
        }
    }
}
