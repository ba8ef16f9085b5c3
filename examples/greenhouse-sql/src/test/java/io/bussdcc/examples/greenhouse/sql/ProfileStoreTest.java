package io.bussdcc.examples.greenhouse.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bussdcc.examples.greenhouse.SetThresholds;
import io.bussdcc.examples.greenhouse.SetThresholds.Mode;
import io.bussdcc.examples.greenhouse.SetThresholds.QuietHours;
import io.bussdcc.sql.Database;
import io.bussdcc.sql.Migration;
import io.bussdcc.sql.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profiles in a real SQLite file, with the module's migrations found as the runtime finds them. */
class ProfileStoreTest {

    @TempDir
    Path dir;

    private Database open() throws SQLException {
        return Database.open("jdbc:sqlite:" + dir.resolve("app.db"), Migrations.discover());
    }

    static SetThresholds thresholds(Mode mode, Map<String, Double> max, QuietHours... quiet) {
        return new SetThresholds(max, mode, List.of(quiet));
    }

    @Test
    void theMigrationsCreateTheTablesAndSeedTwoProfiles() throws Exception {
        try (Database db = open()) {
            assertEquals(List.of("V1__greenhouse_profiles.sql", "V2__greenhouse_seed_profiles.sql"),
                    db.appliedAtOpen().stream().map(Migration::file).toList());
            ProfileStore store = new ProfileStore(db);
            assertEquals(List.of(
                    new ThresholdProfile("night", thresholds(Mode.NORMAL, Map.of(),
                            new QuietHours(LocalTime.of(22, 0), LocalTime.of(6, 0)))),
                    new ThresholdProfile("summer", thresholds(Mode.STRICT, Map.of("greenhouse-1", 32.0)))), store.list());
        }
        try (Database again = open()) {
            assertEquals(List.of(), again.appliedAtOpen(), "applied once");
            assertEquals(2, again.schemaVersion());
        }
    }

    @Test
    void saveReplacesFindReadsBackDeleteRemoves() throws Exception {
        try (Database db = open()) {
            ProfileStore store = new ProfileStore(db);
            ThresholdProfile spring = new ThresholdProfile("spring 2026", thresholds(Mode.MAINTENANCE,
                    Map.of("north", 21.5, "south", 45.0), new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 30, 15)),
                    new QuietHours(LocalTime.of(23, 0), LocalTime.of(1, 0))));
            assertTrue(store.save(spring), "new");
            assertEquals(Optional.of(spring), store.find("spring 2026"));

            ThresholdProfile changed = new ThresholdProfile("spring 2026", thresholds(Mode.STRICT, Map.of("east", 10.0),
                    new QuietHours(LocalTime.of(23, 0), LocalTime.of(1, 0))));
            assertFalse(store.save(changed), "replaced");
            assertEquals(Optional.of(changed), store.find("spring 2026"), "no row of the old one is left");
            assertEquals(List.of("night", "spring 2026", "summer"), store.list().stream().map(ThresholdProfile::name).toList());

            assertTrue(store.delete("spring 2026"));
            assertFalse(store.delete("spring 2026"));
            assertEquals(Optional.empty(), store.find("spring 2026"));
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM greenhouse_profile_max WHERE profile = 'spring 2026'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "its rows went with it");
            }
        }
    }

    @Test
    void aProfileAlteredByHandIsReportedByName() throws Exception {
        try (Database db = open()) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE greenhouse_profile SET mode = 'PANIC' WHERE name = 'summer'");
                s.executeUpdate("UPDATE greenhouse_profile_quiet SET starts = 'late' WHERE profile = 'night'");
            }
            ProfileStore store = new ProfileStore(db);
            SQLException mode = assertThrows(SQLException.class, () -> store.find("summer"));
            assertTrue(mode.getMessage().startsWith("profile 'summer' in the database is not valid: "), mode.getMessage());
            SQLException time = assertThrows(SQLException.class, () -> store.find("night"));
            assertEquals("profile 'night' has quiet hours at 'late', which is not a time", time.getMessage());
        }
    }

    @Test
    void aProfileNameIsCheckedByTheRecord() {
        SetThresholds t = SetThresholds.DEFAULT;
        for (String bad : List.of("", " lead", "trail ", "x".repeat(41), "semi;colon", "quote'")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ThresholdProfile(bad, t), bad);
            assertTrue(e.getMessage().startsWith("a profile name is 1 to 40 letters"), e.getMessage());
        }
        assertEquals("Été-2_b", new ThresholdProfile("Été-2_b", t).name());
    }
}
