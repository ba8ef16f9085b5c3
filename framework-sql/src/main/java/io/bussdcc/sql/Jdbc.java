package io.bussdcc.sql;

import io.bussdcc.api.spi.DiscoveredProvider;
import io.bussdcc.api.spi.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Opening connections: the driver for a URL is found through {@link ServiceLoader} in this
 * module's layer (a driver in the same plugins folder, or on the module path), else through
 * {@link DriverManager} (the class path). SQLite connections get the settings every user of
 * the file relies on: write-ahead log, {@code synchronous=NORMAL}, a busy timeout, foreign keys.
 */
final class Jdbc {

    /** How long an SQLite connection waits for another writer's lock before failing. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 5000;

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private Jdbc() {}

    /** The database kinds this module knows the dialect of. */
    enum Dialect {
        SQLITE, POSTGRESQL, OTHER;

        static Dialect of(String url) {
            if (url.startsWith("jdbc:sqlite:")) {
                return SQLITE;
            }
            if (url.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            return OTHER;
        }
    }

    /** {@code url} without its password, for messages. */
    static String redact(String url) {
        return USER_INFO.matcher(PASSWORD.matcher(url).replaceAll("$1***")).replaceAll("$1***@");
    }

    /** The file of an SQLite URL ({@code jdbc:sqlite:FILE[?options]}), or null for memory or other databases. */
    static Path sqliteFile(String url) {
        if (Dialect.of(url) != Dialect.SQLITE) {
            return null;
        }
        String rest = url.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.isEmpty() || rest.equals(":memory:") || rest.startsWith(":resource:")) {
            return null;
        }
        return Path.of(rest);
    }

    /**
     * Opens a connection to {@code url} (auto-commit on).
     *
     * @throws SQLException naming the URL (without password) and why: no driver, refused, not found
     */
    static Connection connect(String url, Properties properties) throws SQLException {
        Driver driver = driverFor(url);
        Path file = sqliteFile(url);
        if (file != null && file.toAbsolutePath().getParent() != null) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new SQLException("cannot open " + redact(url) + ": cannot create the folder "
                        + file.toAbsolutePath().getParent() + " (" + e.getMessage() + ")", e);
            }
        }
        Connection c;
        try {
            c = driver == null ? DriverManager.getConnection(url, properties) : driver.connect(url, properties);
        } catch (SQLException e) {
            throw new SQLException("cannot open " + redact(url) + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
        if (c == null) {
            throw new SQLException("cannot open " + redact(url) + ": the driver " + driver.getClass().getName()
                    + " does not accept it");
        }
        try {
            if (Dialect.of(url) == Dialect.SQLITE) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout=" + SQLITE_BUSY_TIMEOUT_MS);
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=NORMAL");
                    s.execute("PRAGMA foreign_keys=ON");
                }
            }
        } catch (SQLException e) {
            close(c, e);
            throw new SQLException("cannot open " + redact(url) + ": " + describe(e), e.getSQLState(), e.getErrorCode(), e);
        }
        return c;
    }

    /** The driver accepting {@code url} in this module's layer; null to leave it to DriverManager. */
    private static Driver driverFor(String url) throws SQLException {
        ModuleLayer layer = Jdbc.class.getModule().getLayer();
        if (layer == null) {
            return null; // on the class path: DriverManager finds drivers there
        }
        List<String> seen = new ArrayList<>();
        List<DiscoveredProvider<Driver>> drivers;
        try {
            drivers = DiscoveredProvider.all(Driver.class, ServiceLoader.load(layer, Driver.class));
        } catch (ProviderException e) {
            throw new SQLException("cannot open " + redact(url) + ": " + e.getMessage(), e);
        }
        for (DiscoveredProvider<Driver> d : drivers) {
            if (d.provider().acceptsURL(url)) {
                return d.provider();
            }
            seen.add(d.type().getName());
        }
        try {
            return DriverManager.getDriver(url); // one on the class path
        } catch (SQLException none) {
            throw new SQLException("cannot open " + redact(url) + ": no JDBC driver accepts this URL (drivers found: "
                    + (seen.isEmpty() ? "none" : String.join(", ", seen)) + "); put the driver's jar beside this module,"
                    + " e.g. in the plugins folder", none);
        }
    }

    /** A driver's message, with SQLite's "[SQLITE_BUSY] ..." made plain. */
    static String describe(SQLException e) {
        // A batch's exception may quote every row of the batch; the next exception says why.
        SQLException cause = e instanceof java.sql.BatchUpdateException && e.getNextException() != null
                ? e.getNextException() : e;
        String m = cause.getMessage();
        if (m == null) {
            return cause.getClass().getSimpleName();
        }
        if (m.length() > 400) {
            m = m.substring(0, 400) + "… (" + m.length() + " characters)";
        }
        if (isBusy(e)) {
            return m + " (another connection holds the database's write lock; waited " + SQLITE_BUSY_TIMEOUT_MS + " ms)";
        }
        return m;
    }

    /** Whether {@code e} is SQLite's "database is locked" (SQLITE_BUSY, SQLITE_LOCKED). */
    static boolean isBusy(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED") || m.contains("database is locked");
    }

    static void close(AutoCloseable c, Throwable into) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            into.addSuppressed(e);
        }
    }
}
