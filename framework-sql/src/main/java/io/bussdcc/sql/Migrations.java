package io.bussdcc.sql;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The versioned schema migrations of an application, and applying them. Migrations are files
 * {@code V<version>__<description>.sql} in the folder {@value #LOCATION} of the application's
 * jar (any jar or module on the path); the database records each one applied in
 * {@code bussdcc_schema_history} (version, file, SHA-256, time). Applying them refuses —
 * with a {@link MigrationException} naming the file — a migration that fails (its
 * transaction is rolled back), one older than the newest applied (out of order), one changed
 * after it was applied, one the database has but the application does not, and two files
 * with one version. See {@code docs/sql.md}.
 */
public final class Migrations {

    /** Where migrations live in a jar: not a package, so readable from any module. */
    public static final String LOCATION = "META-INF/bussdcc/migrations/";

    /** The table recording applied migrations. */
    public static final String HISTORY = "bussdcc_schema_history";

    private static final Migrations NONE = new Migrations(List.of());

    private final List<Migration> migrations;

    private Migrations(List<Migration> sorted) {
        this.migrations = sorted;
    }

    /** No migrations. */
    public static Migrations none() {
        return NONE;
    }

    /**
     * These migrations, sorted by version.
     *
     * @throws MigrationException naming both files when two have one version
     */
    public static Migrations of(List<Migration> migrations) {
        List<Migration> sorted = new ArrayList<>(migrations);
        sorted.sort(Comparator.comparingLong(Migration::version));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).version() == sorted.get(i - 1).version()) {
                throw new MigrationException("two migrations have version " + sorted.get(i).version() + ": "
                        + sorted.get(i - 1).where() + " and " + sorted.get(i).where() + "; give each a version of its own");
            }
        }
        return new Migrations(List.copyOf(sorted));
    }

    /**
     * The migrations in a folder of {@code .sql} files (for tools and tests).
     *
     * @throws MigrationException for a badly named file or two files with one version
     */
    public static Migrations fromDirectory(Path dir) throws IOException {
        List<Migration> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList()) {
                found.add(Migration.of(f.getFileName().toString(), dir.toString(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return of(found);
    }

    /**
     * The migrations in {@value #LOCATION} of every module of this module's layer (and its
     * parents), or, on the class path, of every jar and folder of {@code java.class.path}.
     *
     * @throws MigrationException for a badly named file or two files with one version
     */
    public static Migrations discover() {
        List<Migration> found = new ArrayList<>();
        ModuleLayer layer = Migrations.class.getModule().getLayer();
        Set<String> seenModules = new HashSet<>();
        if (layer != null) {
            collectLayers(layer, found, seenModules);
        }
        String classPath = System.getProperty("java.class.path", "");
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                collectClassPathEntry(Path.of(entry), found);
            }
        }
        // The same file reached two ways (a module whose folder is on the class path too) counts once.
        Set<String> seen = new HashSet<>();
        found.removeIf(m -> !seen.add(m.file() + "\0" + m.checksum()));
        return of(found);
    }

    private static void collectLayers(ModuleLayer layer, List<Migration> found, Set<String> seen) {
        for (ResolvedModule m : layer.configuration().modules()) {
            if (!seen.add(m.name()) || m.name().startsWith("java.") || m.name().startsWith("jdk.")) {
                continue;
            }
            String origin = "module " + m.name() + m.reference().location().map(u -> " at " + u).orElse("");
            try (ModuleReader reader = m.reference().open()) {
                List<String> names;
                try (Stream<String> all = reader.list()) {
                    names = all.filter(n -> n.startsWith(LOCATION) && n.endsWith(".sql")
                            && n.indexOf('/', LOCATION.length()) < 0).sorted().toList();
                }
                for (String name : names) {
                    try (InputStream in = reader.open(name).orElseThrow()) {
                        found.add(Migration.of(name.substring(LOCATION.length()), origin,
                                new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            } catch (IOException e) {
                throw new MigrationException("cannot read the migrations of " + origin + ": " + e.getMessage(), e);
            }
        }
        for (ModuleLayer parent : layer.parents()) {
            collectLayers(parent, found, seen);
        }
    }

    private static void collectClassPathEntry(Path entry, List<Migration> found) {
        try {
            if (Files.isDirectory(entry)) {
                Path dir = entry.resolve(LOCATION);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList()) {
                            found.add(Migration.of(f.getFileName().toString(), entry.toString(),
                                    Files.readString(f, StandardCharsets.UTF_8)));
                        }
                    }
                }
            } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    List<JarEntry> entries = new ArrayList<>();
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry je = e.nextElement();
                        String n = je.getName();
                        if (n.startsWith(LOCATION) && n.endsWith(".sql") && n.indexOf('/', LOCATION.length()) < 0) {
                            entries.add(je);
                        }
                    }
                    entries.sort(Comparator.comparing(JarEntry::getName));
                    for (JarEntry je : entries) {
                        try (InputStream in = jar.getInputStream(je)) {
                            found.add(Migration.of(je.getName().substring(LOCATION.length()), entry.getFileName().toString(),
                                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new MigrationException("cannot read the migrations in " + entry + ": " + e.getMessage(), e);
        }
    }

    /** The migrations, by version. */
    public List<Migration> list() {
        return migrations;
    }

    /**
     * Brings the database up to the newest migration: checks what was applied against the
     * files, then applies each missing one in its own transaction, in version order.
     *
     * @param where the database, for messages
     * @return the migrations applied now
     * @throws MigrationException naming the file, when one fails or the set is refused
     * @throws SQLException       if the history cannot be read or written
     */
    List<Migration> apply(Connection c, String where) throws SQLException {
        if (migrations.isEmpty()) {
            return List.of(); // an application without migrations does not manage the schema
        }
        createHistory(c, where);
        Map<Long, String[]> applied = readHistory(c);
        Map<Long, Migration> byVersion = new TreeMap<>();
        migrations.forEach(m -> byVersion.put(m.version(), m));
        long newest = applied.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        for (Map.Entry<Long, String[]> a : applied.entrySet()) {
            Migration m = byVersion.get(a.getKey());
            String[] row = a.getValue(); // file, checksum, applied_at
            if (m == null) {
                throw new MigrationException(where + " has migration " + row[0] + " (version " + a.getKey() + ", applied "
                        + row[2] + "), which this application does not have: the database is newer than the"
                        + " application, or the file was removed; put the file back");
            }
            if (!m.checksum().equals(row[1])) {
                throw new MigrationException("migration " + m.where() + " was changed after it was applied to " + where
                        + " (applied " + row[2] + "): a migration is never edited once applied; undo the edit and put"
                        + " the change into a new migration with a higher version");
            }
        }
        List<Migration> todo = new ArrayList<>();
        for (Migration m : migrations) {
            if (!applied.containsKey(m.version())) {
                if (m.version() < newest) {
                    throw new MigrationException("migration " + m.where() + " is out of order: " + where
                            + " already has version " + newest + " (" + applied.get(newest)[0] + "), so version "
                            + m.version() + " can no longer be applied; give it a version above " + newest);
                }
                todo.add(m);
            }
        }
        for (Migration m : todo) {
            applyOne(c, m, where);
        }
        return todo;
    }

    private static void createHistory(Connection c, String where) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + HISTORY + " (version BIGINT PRIMARY KEY, description TEXT NOT NULL,"
                    + " file TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
        } catch (SQLException e) {
            throw new SQLException("cannot create " + HISTORY + " in " + where + ": " + Jdbc.describe(e), e.getSQLState(),
                    e.getErrorCode(), e);
        }
    }

    private static Map<Long, String[]> readHistory(Connection c) throws SQLException {
        Map<Long, String[]> applied = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, file, checksum, applied_at FROM " + HISTORY)) {
            while (rs.next()) {
                applied.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        return applied;
    }

    /** The newest version applied to the database behind {@code c}, or -1 if none. */
    static long version(Connection c) throws SQLException {
        return readHistory(c).keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    private static void applyOne(Connection c, Migration m, String where) throws SQLException {
        List<SqlScript.Statement> statements = SqlScript.split(m.sql());
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        int index = 0;
        try (Statement s = c.createStatement()) {
            for (SqlScript.Statement st : statements) {
                index++;
                s.execute(st.sql());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + HISTORY
                    + " (version, description, file, checksum, applied_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, m.version());
                ps.setString(2, m.description());
                ps.setString(3, m.file());
                ps.setString(4, m.checksum());
                ps.setString(5, Instant.now().toString());
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            long at = version(c);
            String stmt = index > 0 && index <= statements.size()
                    ? " at statement " + index + " (line " + statements.get(index - 1).line() + ")" : "";
            throw new MigrationException("migration " + m.where() + " failed" + stmt + ": " + Jdbc.describe(e)
                    + "; nothing of it was applied, " + where + " stays at " + (at < 0 ? "no version" : "version " + at)
                    + "; fix the file and start again", e);
        } finally {
            c.setAutoCommit(auto);
        }
    }

}
