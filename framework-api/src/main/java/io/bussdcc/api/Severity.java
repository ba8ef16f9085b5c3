package io.bussdcc.api;

/** Importance of a message, ordered: {@code DEBUG < INFO < WARNING < ERROR < CRITICAL}. */
public enum Severity {
    DEBUG(10),
    INFO(20),
    WARNING(30),
    ERROR(40),
    CRITICAL(50);

    private final int level;

    Severity(int level) {
        this.level = level;
    }

    /** The numeric level, as the Python original writes it (10, 20, 30, 40, 50). */
    public int level() {
        return level;
    }

    /** Whether this severity is {@code other} or more important. */
    public boolean isAtLeast(Severity other) {
        return level >= other.level;
    }
}
