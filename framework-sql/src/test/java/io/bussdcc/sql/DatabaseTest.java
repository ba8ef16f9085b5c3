package io.bussdcc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.api.Config;
import io.bussdcc.api.Context;
import io.bussdcc.api.Process;
import io.bussdcc.api.Service;
import io.bussdcc.runtime.Runtime;
import io.bussdcc.runtime.RuntimeBootException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's database through the context: shared, migrated at boot, closed at shutdown. */
class DatabaseTest {

    @TempDir
    Path dir;

    private Runtime runtime(Map<String, String> config) {
        Runtime runtime = Runtime.builder().config(Config.of(config)).build();
        runtime.addProcess(new DatabaseProcessProvider().create(Config.empty()));
        return runtime;
    }

    /** README.md's SQL example (a copy of the region below, compared by ReadmeCopiesTest). */
    static double summerMax(Context ctx) throws SQLException {
        // begin readme: database
        Database db = Database.of(ctx); // SQLite bussdcc.db beside the event log, or sql.url
        double max = db.transaction(c -> {
            try (var ps = c.prepareStatement("SELECT max_temp FROM profiles WHERE name = ?")) {
                ps.setString(1, "summer");
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getDouble(1) : Double.NaN;
                }
            }
        });
        // end readme: database
        return max;
    }

    @Test
    void theReadmeExampleReadsWhatTheMigrationsWroteFromTheDatabaseBesideTheLog() throws Exception {
        Runtime runtime = Runtime.builder().config(Config.of(Map.of("sink.jsonl.dir", dir.resolve("events").toString())))
                .build();
        runtime.boot();
        try {
            // The test resources' migrations create the profiles and put summer at 31.5.
            assertEquals(31.5, summerMax(runtime.context()));
            assertTrue(Files.exists(dir.resolve("bussdcc.db")), "the database beside the event log");
        } finally {
            runtime.shutdown("test");
        }
    }

    @Test
    void processesAndServicesShareOneMigratedDatabaseClosedAtShutdown() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("app.db");
        Runtime runtime = runtime(Map.of("sql.url", url));
        List<Database> seen = new ArrayList<>();
        List<Double> summer = new ArrayList<>();
        runtime.addProcess(new Process() {
            public String name() {
                return "reader";
            }

            public void start(Context ctx) throws SQLException {
                Database db = Database.of(ctx);
                seen.add(db);
                summer.add(db.transaction(c -> {
                    var rs = c.createStatement().executeQuery("SELECT max_temp FROM profiles WHERE name = 'summer'");
                    rs.next();
                    return rs.getDouble(1);
                }));
            }
        });
        runtime.addService(new Service() {
            public String name() {
                return "writer";
            }

            public void start(Context ctx) throws SQLException {
                Database db = Database.of(ctx);
                seen.add(db);
                db.transaction(c -> c.createStatement().executeUpdate("UPDATE profiles SET max_temp = 33 WHERE name = 'summer'"));
            }
        });
        runtime.boot();
        assertEquals(2, seen.size());
        assertSame(seen.get(0), seen.get(1));
        assertEquals(List.of(31.5), summer, "the migrations (test resources) ran before the processes started");
        assertEquals(2, seen.get(0).schemaVersion());
        runtime.shutdown("test");
        SQLException closed = assertThrows(SQLException.class, () -> seen.get(0).dataSource().getConnection());
        assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
        try (Database db = Database.open(url, Migrations.none()); Connection c = db.dataSource().getConnection()) {
            var rs = c.createStatement().executeQuery("SELECT max_temp FROM profiles WHERE name = 'summer'");
            rs.next();
            assertEquals(33.0, rs.getDouble(1));
        }
    }

    @Test
    void aTransactionThatThrowsIsRolledBack() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("tx.db"), Migrations.none())) {
            db.transaction(c -> c.createStatement().execute("CREATE TABLE t (x INTEGER)"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.transaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
                throw new IllegalStateException("changed my mind");
            }));
            assertEquals("changed my mind", e.getMessage());
            assertEquals(Integer.valueOf(0), db.transaction(c -> {
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM t");
                rs.next();
                return rs.getInt(1);
            }));
        }
    }

    @Test
    void aFailingMigrationRefusesTheBootNamingTheFile() throws Exception {
        Path m = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(m.resolve("V1__profiles.sql"), "CREATE TABLE profiles (name TEXT PRIMARY KEY, max_temp REAL);\n");
        Files.writeString(m.resolve("V2__seed.sql"), "INSERT INTO profiles VALUES ('summer', 31.5);\n"
                + "INSERT INTO profile VALUES ('winter', 18);\n");
        String url = "jdbc:sqlite:" + dir.resolve("app.db");
        Runtime runtime = runtime(Map.of("sql.url", url, "sql.migrations", m.toString()));
        RuntimeBootException e = assertThrows(RuntimeBootException.class, runtime::boot);
        System.out.println("boot refused: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("process 'sql' failed to start: "), e.getMessage());
        assertTrue(e.getMessage().contains("migration V2__seed.sql (in " + m + ") failed at statement 2 (line 2): "),
                e.getMessage());
        assertTrue(e.getMessage().contains("no such table: profile"), e.getMessage());
        assertTrue(runtime.isShutDown(), "never half up");
    }

    @Test
    void theDefaultDatabaseIsAnSqliteFileBesideTheEventLog() {
        assertEquals("jdbc:sqlite:" + dir.resolve("bussdcc.db"),
                Database.defaultUrl(Config.of(Map.of("sink.jsonl.dir", dir.resolve("events").toString()))));
        assertEquals("jdbc:sqlite:" + Path.of("").toAbsolutePath().resolve("bussdcc.db"), Database.defaultUrl(Config.empty()));
    }
}
