package io.bussdcc.cli;

import io.bussdcc.api.Config;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses {@code --from} and {@code --to}: ISO-8601 instants, a date or a time without offset
 * (UTC, as the log is), a time of day, a time relative to now, or {@code now}, {@code today},
 * {@code yesterday}.
 */
final class TimeBound {

    private TimeBound() {}

    /** As {@link #parse(String, String, Instant)}, relative to the current time. */
    static Instant parse(String option, String text) throws UsageException {
        return parse(option, text, Instant.now());
    }

    /**
     * Accepts {@code 2026-03-09T23:45:02.5Z}, {@code 2026-03-09T23:45:02+01:00},
     * {@code 2026-03-09T23:45:02} (UTC), {@code 2026-03-09} (midnight UTC), a time of day
     * {@code 06:54} or {@code 06:54:30} (UTC, its latest occurrence at or before {@code now}),
     * {@code -5m} / {@code -2h} / {@code -1d} (that long before {@code now}), {@code now},
     * {@code today} and {@code yesterday} (midnight UTC).
     *
     * @throws UsageException naming the option and the text otherwise
     */
    static Instant parse(String option, String text, Instant now) throws UsageException {
        String t = text.strip();
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        switch (t) {
            case "now" -> {
                return now;
            }
            case "today" -> {
                return day.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            case "yesterday" -> {
                return day.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            default -> { }
        }
        if (t.startsWith("-") && t.length() > 1 && Character.isDigit(t.charAt(1))) {
            try {
                return now.minus(Config.parseDuration(t.substring(1)));
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + ": '" + text + "' is not a time before now: write e.g. -30s, -5m,"
                        + " -2h or -1d");
            }
        }
        if (t.matches("\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?")) {
            try {
                Instant at = LocalTime.parse(t.length() < 5 || t.charAt(1) == ':' ? "0" + t : t).atDate(day)
                        .toInstant(ZoneOffset.UTC);
                return at.isAfter(now) ? at.minus(Duration.ofDays(1)) : at;
            } catch (DateTimeParseException e) {
                throw new UsageException(option + ": '" + text + "' is not a time of day (00:00 to 23:59:59)");
            }
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException notInstant) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // try the other forms
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
            throw new UsageException(option + ": '" + text + "' is not a time: write e.g. 2026-03-09T23:45:02Z,"
                    + " 2026-03-09T23:45:02 (UTC), 2026-03-09, 06:54 (UTC, today), -5m (before now) or now");
        }
    }
}
