package io.bussdcc.examples.greenhouse.sql;

import io.bussdcc.examples.greenhouse.SetThresholds;
import io.bussdcc.examples.greenhouse.SetThresholds.Mode;
import io.bussdcc.examples.greenhouse.SetThresholds.QuietHours;
import io.bussdcc.sql.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The threshold profiles in the application's database, in the tables of this module's
 * migrations ({@code V1__greenhouse_profiles.sql}): {@code greenhouse_profile},
 * {@code greenhouse_profile_max}, {@code greenhouse_profile_quiet}. Each call is one
 * transaction; plain SQL, the same on SQLite and PostgreSQL.
 *
 * <pre>{@code
 * ProfileStore profiles = new ProfileStore(Database.of(ctx));
 * profiles.save(new ThresholdProfile("summer", thresholds));
 * profiles.find("summer").ifPresent(p -> ctx.emit(p.thresholds()));
 * }</pre>
 */
public final class ProfileStore {

    private final Database db;

    /** The profiles of {@code db}, which has this module's migrations applied. */
    public ProfileStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Every profile, by name. */
    public List<ThresholdProfile> list() throws SQLException {
        return db.transaction(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM greenhouse_profile ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            List<ThresholdProfile> out = new ArrayList<>(names.size());
            for (String name : names) {
                read(c, name).ifPresent(out::add);
            }
            return out;
        });
    }

    /** The profile named {@code name}, if there is one. */
    public Optional<ThresholdProfile> find(String name) throws SQLException {
        return db.transaction(c -> read(c, name));
    }

    /**
     * Stores {@code profile}, replacing the one of that name.
     *
     * @return whether it is new
     */
    public boolean save(ThresholdProfile profile) throws SQLException {
        Objects.requireNonNull(profile, "profile");
        return db.transaction(c -> {
            String name = profile.name();
            SetThresholds t = profile.thresholds();
            deleteRows(c, name);
            boolean created;
            try (PreparedStatement ps = c.prepareStatement("UPDATE greenhouse_profile SET mode = ? WHERE name = ?")) {
                ps.setString(1, t.mode().name());
                ps.setString(2, name);
                created = ps.executeUpdate() == 0;
            }
            if (created) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO greenhouse_profile (name, mode) VALUES (?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, t.mode().name());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO greenhouse_profile_max (profile, sensor, max_temp) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, Double> e : new java.util.TreeMap<>(t.maxTemperature()).entrySet()) {
                    ps.setString(1, name);
                    ps.setString(2, e.getKey());
                    ps.setDouble(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO greenhouse_profile_quiet (profile, seq, starts, ends) VALUES (?, ?, ?, ?)")) {
                int seq = 0;
                for (QuietHours q : t.quietHours()) {
                    ps.setString(1, name);
                    ps.setInt(2, seq++);
                    ps.setString(3, DateTimeFormatter.ISO_LOCAL_TIME.format(q.from()));
                    ps.setString(4, DateTimeFormatter.ISO_LOCAL_TIME.format(q.to()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return created;
        });
    }

    /**
     * Removes the profile named {@code name}.
     *
     * @return whether there was one
     */
    public boolean delete(String name) throws SQLException {
        return db.transaction(c -> {
            deleteRows(c, name);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM greenhouse_profile WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static void deleteRows(Connection c, String name) throws SQLException {
        for (String table : List.of("greenhouse_profile_max", "greenhouse_profile_quiet")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE profile = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
        }
    }

    private static Optional<ThresholdProfile> read(Connection c, String name) throws SQLException {
        String mode;
        try (PreparedStatement ps = c.prepareStatement("SELECT mode FROM greenhouse_profile WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                mode = rs.getString(1);
            }
        }
        Map<String, Double> maxima = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sensor, max_temp FROM greenhouse_profile_max WHERE profile = ? ORDER BY sensor")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    maxima.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        List<QuietHours> quiet = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, starts, ends FROM greenhouse_profile_quiet WHERE profile = ? ORDER BY seq")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalTime from = time(name, rs.getString(2));
                    LocalTime to = time(name, rs.getString(3));
                    try {
                        quiet.add(new QuietHours(from, to));
                    } catch (IllegalArgumentException e) {
                        throw new SQLException("profile '" + name + "' has bad quiet hours (row " + rs.getInt(1) + "): "
                                + e.getMessage(), e);
                    }
                }
            }
        }
        try {
            return Optional.of(new ThresholdProfile(name, new SetThresholds(maxima, Mode.valueOf(mode), quiet)));
        } catch (IllegalArgumentException e) {
            throw new SQLException("profile '" + name + "' in the database is not valid: " + e.getMessage(), e);
        }
    }

    private static LocalTime time(String profile, String text) throws SQLException {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new SQLException("profile '" + profile + "' has quiet hours at '" + text + "', which is not a time", e);
        }
    }
}
