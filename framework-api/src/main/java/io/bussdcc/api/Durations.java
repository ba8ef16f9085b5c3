package io.bussdcc.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of durations written for humans; see {@link Config#parseDuration}. */
final class Durations {

    private static final Pattern HUMAN = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h|d)",
            Pattern.CASE_INSENSITIVE);

    private Durations() {}

    static Duration parse(String text) {
        String t = text.strip();
        Duration d = t.regionMatches(true, 0, "P", 0, 1) ? parseIso(text, t) : parseHuman(text, t);
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is a negative duration");
        }
        return d;
    }

    private static Duration parseIso(String text, String t) {
        try {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration", e);
        }
    }

    private static Duration parseHuman(String text, String t) {
        Matcher m = HUMAN.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: write e.g. 500ms, 3s, 2m, 1h, 1d or PT3S");
        }
        long nanosPerUnit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L; // "d", the only unit left by the pattern
        };
        try {
            BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit));
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
        }
    }
}
