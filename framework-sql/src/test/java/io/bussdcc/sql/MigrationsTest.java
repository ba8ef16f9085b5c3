package io.bussdcc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versioned migrations on a real SQLite file: applied in order, once; every refusal names the file. */
class MigrationsTest {

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("app.db");
    }

    private Path migrations(String... nameThenSql) throws Exception {
        Path m = Files.createDirectories(dir.resolve("migrations"));
        for (int i = 0; i < nameThenSql.length; i += 2) {
            Files.writeString(m.resolve(nameThenSql[i]), nameThenSql[i + 1]);
        }
        return m;
    }

    private long version() throws SQLException {
        try (Database db = Database.open(url(), Migrations.none())) {
            return db.schemaVersion();
        }
    }

    @Test
    void appliesEachMissingMigrationOnceInVersionOrder() throws Exception {
        Path m = migrations("V2__seed.sql", "INSERT INTO zones (name) VALUES ('north'); INSERT INTO zones (name) VALUES ('it''s; fine');",
                "V1__zones.sql", "-- zones; of the greenhouse\nCREATE TABLE zones (name TEXT PRIMARY KEY);\n/* a ; in a comment */",
                "V10__trigger.sql", "CREATE TABLE log (n TEXT);\nCREATE TRIGGER zone_added AFTER INSERT ON zones BEGIN\n"
                        + "  INSERT INTO log VALUES (NEW.name);\nEND;\n");
        try (Database db = Database.open(url(), Migrations.fromDirectory(m))) {
            assertEquals(List.of(1L, 2L, 10L), db.appliedAtOpen().stream().map(Migration::version).toList());
            assertEquals(10, db.schemaVersion());
            db.transaction(c -> c.createStatement().executeUpdate("INSERT INTO zones VALUES ('south')"));
            assertEquals(List.of("north", "it's; fine", "south"), db.transaction(c -> {
                var rs = c.createStatement().executeQuery("SELECT name FROM zones ORDER BY rowid");
                List<String> names = new java.util.ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }));
            assertEquals(Integer.valueOf(1), db.transaction(c -> {
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM log");
                rs.next();
                return rs.getInt(1);
            }), "the trigger body was one statement");
        }
        try (Database again = Database.open(url(), Migrations.fromDirectory(m))) {
            assertEquals(List.of(), again.appliedAtOpen(), "nothing is applied twice");
        }
    }

    @Test
    void aFailingMigrationIsRolledBackAndNamedWithItsStatementAndLine() throws Exception {
        Path m = migrations("V1__zones.sql", "CREATE TABLE zones (name TEXT PRIMARY KEY);",
                "V2__profiles.sql", "CREATE TABLE profiles (name TEXT);\n\nINSERT INTO profile VALUES ('typo');\n");
        MigrationException e = assertThrows(MigrationException.class, () -> Database.open(url(), Migrations.fromDirectory(m)));
        assertTrue(e.getMessage().startsWith("migration V2__profiles.sql (in " + m + ") failed at statement 2 (line 3): "),
                e.getMessage());
        assertTrue(e.getMessage().contains("no such table: profile"), e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing of it was applied, " + url() + " stays at version 1; fix the file and"
                + " start again"), e.getMessage());
        assertEquals(1, version());
        SQLException gone = assertThrows(SQLException.class, () -> Samples.execute(url(), "SELECT * FROM profiles"));
        assertTrue(gone.getMessage().contains("no such table"), gone.getMessage());
    }

    @Test
    void aMigrationOlderThanTheNewestAppliedIsOutOfOrder() throws Exception {
        Path m = migrations("V1__zones.sql", "CREATE TABLE zones (name TEXT);", "V3__pumps.sql", "CREATE TABLE pumps (id INTEGER);");
        Database.open(url(), Migrations.fromDirectory(m)).close();
        Files.writeString(m.resolve("V2__late.sql"), "CREATE TABLE late (x INTEGER);");
        MigrationException e = assertThrows(MigrationException.class, () -> Database.open(url(), Migrations.fromDirectory(m)));
        assertEquals("migration V2__late.sql (in " + m + ") is out of order: " + url() + " already has version 3"
                + " (V3__pumps.sql), so version 2 can no longer be applied; give it a version above 3", e.getMessage());
    }

    @Test
    void aMigrationChangedAfterItWasAppliedOrMissingIsRefused() throws Exception {
        Path m = migrations("V1__zones.sql", "CREATE TABLE zones (name TEXT);", "V2__pumps.sql", "CREATE TABLE pumps (id INTEGER);");
        Database.open(url(), Migrations.fromDirectory(m)).close();
        Files.writeString(m.resolve("V2__pumps.sql"), "CREATE TABLE pumps (id INTEGER, name TEXT);");
        MigrationException changed = assertThrows(MigrationException.class,
                () -> Database.open(url(), Migrations.fromDirectory(m)));
        assertTrue(changed.getMessage().startsWith("migration V2__pumps.sql (in " + m + ") was changed after it was applied"),
                changed.getMessage());
        Files.delete(m.resolve("V2__pumps.sql"));
        MigrationException missing = assertThrows(MigrationException.class,
                () -> Database.open(url(), Migrations.fromDirectory(m)));
        assertTrue(missing.getMessage().startsWith(url() + " has migration V2__pumps.sql (version 2, applied "),
                missing.getMessage());
    }

    @Test
    void badNamesAndDuplicateVersionsAreRefusedNamingTheFiles() throws Exception {
        Path m = migrations("V1__zones.sql", "SELECT 1;", "create_pumps.sql", "SELECT 1;");
        MigrationException name = assertThrows(MigrationException.class, () -> Migrations.fromDirectory(m));
        assertEquals("migration file create_pumps.sql (in " + m + ") is not named V<version>__<description>.sql,"
                + " e.g. V1__create_profiles.sql", name.getMessage());
        Files.delete(m.resolve("create_pumps.sql"));
        Files.writeString(m.resolve("V1__again.sql"), "SELECT 1;");
        MigrationException dup = assertThrows(MigrationException.class, () -> Migrations.fromDirectory(m));
        assertTrue(dup.getMessage().startsWith("two migrations have version 1: V1__again.sql (in " + m + ") and V1__zones.sql"),
                dup.getMessage());
    }

    @Test
    void theApplicationsOwnMigrationsAreFoundInItsJar() {
        // The test resources hold META-INF/bussdcc/migrations/V1__profiles.sql and V2__seed_profiles.sql.
        List<Migration> found = Migrations.discover().list();
        assertEquals(List.of("V1__profiles.sql", "V2__seed_profiles.sql"), found.stream().map(Migration::file).toList());
        assertEquals("seed profiles", found.get(1).description());
    }
}
