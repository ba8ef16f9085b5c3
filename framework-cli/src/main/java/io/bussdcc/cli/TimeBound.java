package io.bussdcc.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses {@code --from} and {@code --to}: ISO-8601 instants; a date or a time without offset is UTC, as the log is. */
final class TimeBound {

    private TimeBound() {}

    /**
     * Accepts {@code 2026-03-09T23:45:02.5Z}, {@code 2026-03-09T23:45:02+01:00},
     * {@code 2026-03-09T23:45:02} (UTC) and {@code 2026-03-09} (midnight UTC).
     *
     * @throws UsageException naming the option and the text otherwise
     */
    static Instant parse(String option, String text) throws UsageException {
        String t = text.strip();
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
            throw new UsageException(option + ": '" + text
                    + "' is not a time: write e.g. 2026-03-09T23:45:02Z, 2026-03-09T23:45:02 (UTC) or 2026-03-09");
        }
    }
}
