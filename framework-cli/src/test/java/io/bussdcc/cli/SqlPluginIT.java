package io.bussdcc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image with framework-sql's plugin folder: {@code run} records into SQLite beside the
 * JSONL log, {@code cat} and {@code replay} read the database URL as they read the log, and
 * {@code sql} answers events per type per hour; a failing migration refuses the boot.
 */
class SqlPluginIT {

    static final Path PLUGINS = Path.of(System.getProperty("cli.sqlPlugins", "../framework-sql/target/plugin")).toAbsolutePath();

    @TempDir
    static Path dir;
    static String url;

    @BeforeAll
    static void record() throws Exception {
        assertTrue(Files.isDirectory(PLUGINS), "framework-sql's plugin folder " + PLUGINS + " (built before this module)");
        Image.Result r = Image.run(dir, "run", "--plugins", PLUGINS.toString(), "--set", "sink.sql.enabled=true",
                "--for", "1500ms", "--no-web", "--events", "events");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(!r.stderr().contains("WARNING: A restricted method"), r.stderr());
        url = "jdbc:sqlite:" + dir.resolve("bussdcc.db");
        assertTrue(Files.exists(dir.resolve("bussdcc.db")), "the database beside the event log");
    }

    @Test
    void catOfTheDatabasePrintsWhatCatOfTheLogPrints() throws Exception {
        Image.Result fromLog = Image.run(dir, "cat", "events");
        Image.Result fromDb = Image.run(dir, "cat", url, "--plugins", PLUGINS.toString());
        assertEquals(0, fromDb.exitCode(), fromDb.toString());
        assertTrue(fromLog.stdout().lines().count() > 20, fromLog.stdout());
        assertEquals(fromLog.stdout(), fromDb.stdout());
        Image.Result typed = Image.run(dir, "cat", url, "--plugins", PLUGINS.toString(), "--type", "greenhouse*");
        assertEquals(Image.run(dir, "cat", "events", "--type", "greenhouse*").stdout(), typed.stdout());
    }

    @Test
    void replayOfTheDatabaseWritesTheLogAgain() throws Exception {
        Image.Result r = Image.run(dir, "replay", url, "--plugins", PLUGINS.toString(), "--speed", "max", "--out", "replayed");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(Image.run(dir, "cat", "events").stdout(), Image.run(dir, "cat", "replayed").stdout());
    }

    @Test
    void sqlAnswersEventsPerTypePerHour() throws Exception {
        Image.Result r = Image.run(dir, "sql", url, "SELECT type, count(*) AS n FROM bussdcc_events"
                + " WHERE type = 'bussdcc.message.runtime:RuntimeBooting' GROUP BY type, epoch_s / 3600", "--plugins",
                PLUGINS.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("bussdcc.message.runtime:RuntimeBooting | 1\n(1 row)"), r.stdout());
    }

    @Test
    void aFailingMigrationRefusesTheBootNamingTheFile() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__profiles.sql"), "CREATE TABLE profiles (name TEXT PRIMARY KEY, max_temp REAL);\n");
        Files.writeString(migrations.resolve("V2__seed.sql"), "INSERT INTO profiles VALUES ('summer', 31.5);\n"
                + "INSERT INTO profile VALUES ('winter', 18);\n");
        Image.Result r = Image.run(dir, "run", "--plugins", PLUGINS.toString(), "--set", "sql.url=jdbc:sqlite:app.db",
                "--set", "sql.migrations=" + migrations, "--for", "1s", "--no-web", "--events", "events-2");
        System.out.println("migration failure as a user sees it:\n" + r.stderr());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("process 'sql' failed to start: "), r.stderr());
        assertTrue(r.stderr().contains("migration V2__seed.sql (in " + migrations + ") failed at statement 2 (line 2): "),
                r.stderr());
        assertTrue(r.stderr().contains("stays at version 1"), r.stderr());
    }
}
