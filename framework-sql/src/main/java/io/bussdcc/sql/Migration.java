package io.bussdcc.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned schema change: a file {@code V<version>__<description>.sql} holding SQL
 * statements separated by {@code ;}.
 *
 * @param version     its version, from the file name; applied in increasing order
 * @param description the rest of the file name, {@code _} read as spaces
 * @param file        the file name
 * @param origin      where it was found (a jar, a module, a folder), for messages
 * @param sql         its text
 */
public record Migration(long version, String description, String file, String origin, String sql) {

    private static final Pattern NAME = Pattern.compile("V([0-9]{1,18})__([^/]+)\\.sql");

    /** Checks the fields. */
    public Migration {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sql, "sql");
        if (version < 0) {
            throw new IllegalArgumentException("a migration version is not negative: " + version);
        }
    }

    /**
     * The migration in file {@code name} (the file name only) with {@code text}.
     *
     * @throws MigrationException naming the file when its name is not {@code V<version>__<description>.sql}
     */
    public static Migration of(String name, String origin, String text) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new MigrationException("migration file " + name + " (in " + origin + ") is not named"
                    + " V<version>__<description>.sql, e.g. V1__create_profiles.sql");
        }
        return new Migration(Long.parseLong(m.group(1)), m.group(2).replace('_', ' '), name, origin, text);
    }

    /** The SHA-256 of the text, hex: how a change after it was applied is noticed. */
    public String checksum() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code V2__add_profiles.sql (in greenhouse.jar)}. */
    public String where() {
        return file + " (in " + origin + ")";
    }
}
