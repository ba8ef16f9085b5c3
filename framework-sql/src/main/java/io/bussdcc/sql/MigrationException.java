package io.bussdcc.sql;

/**
 * A migration that failed, or a set of migrations the database cannot take (out of order,
 * changed after it was applied, missing from the application, badly named). The message names
 * the file and says what to do; the database is left as it was before the failing migration.
 */
public final class MigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public MigrationException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
