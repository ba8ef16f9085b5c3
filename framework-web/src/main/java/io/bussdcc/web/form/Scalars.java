package io.bussdcc.web.form;

import io.bussdcc.codec.EventCodec;
import io.bussdcc.web.form.FormNode.Kind;
import io.bussdcc.web.form.FormNode.Scalar;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one input's text as a value of its kind, and writes a value as an input's text. */
final class Scalars {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern SHORT_DURATION = Pattern.compile(
            "(?:(\\d{1,9})d)?(?:(\\d{1,9})h)?(?:(\\d{1,9})m(?!s))?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    /** What a datetime-local input submits: a date and a time, no offset. */
    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private Scalars() {}

    /** Input text that is not a value of the kind; the message is shown beside the input. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The value of the non-empty text {@code raw}, checked against the node's range and step,
     * as the codec's JSON literal.
     */
    static String toJson(Scalar s, String raw) throws Invalid {
        FormNode.Meta m = s.meta();
        return switch (s.kind()) {
            case TEXT -> {
                int length = raw.codePointCount(0, raw.length());
                if (!Double.isNaN(m.min()) && length < m.min()) {
                    throw new Invalid("must be at least " + (long) m.min() + " characters long");
                }
                if (!Double.isNaN(m.max()) && length > m.max()) {
                    throw new Invalid("must be at most " + (long) m.max() + " characters long");
                }
                yield EventCodec.quote(raw);
            }
            case CHAR -> {
                if (raw.length() != 1) {
                    throw new Invalid("must be exactly one character");
                }
                yield EventCodec.quote(raw);
            }
            case BOOLEAN -> switch (raw) {
                case "true", "on", "yes", "1" -> "true";
                case "false", "off", "no", "0" -> "false";
                default -> throw new Invalid("must be yes or no, not " + quote(raw));
            };
            case BYTE -> integer(s, raw, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SHORT -> integer(s, raw, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT -> integer(s, raw, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG -> integer(s, raw, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT, DOUBLE -> decimal(s, raw.strip());
            case DATE -> parse(raw, "a date (yyyy-mm-dd)", t -> LocalDate.parse(t).toString());
            case TIME -> parse(raw, "a time (hh:mm or hh:mm:ss)",
                    t -> EventCodec.quote(DateTimeFormatter.ISO_LOCAL_TIME.format(LocalTime.parse(t))));
            case INSTANT -> parse(raw, "a date and time (yyyy-mm-ddThh:mm, UTC)", t -> EventCodec.quote(instant(t).toString()));
            case LOCAL_DATE_TIME -> parse(raw, "a date and time (yyyy-mm-ddThh:mm)",
                    t -> EventCodec.quote(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.parse(t, LOCAL_DATE_TIME))));
            case OFFSET_DATE_TIME -> parse(raw, "a date and time with offset (2026-03-09T23:45:02+01:00)",
                    t -> EventCodec.quote(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.parse(t))));
            case DURATION -> EventCodec.quote(duration(raw.strip()).toString());
            case PATH -> {
                try {
                    yield EventCodec.quote(Path.of(raw).toString());
                } catch (InvalidPathException e) {
                    throw new Invalid("is not a path: " + e.getReason());
                }
            }
            case UUID -> {
                String t = raw.strip();
                if (!UUID_TEXT.matcher(t).matches()) {
                    throw new Invalid("must be a UUID (8-4-4-4-12 hex digits)");
                }
                yield EventCodec.quote(java.util.UUID.fromString(t).toString());
            }
            case ENUM -> {
                for (Object c : s.type().getEnumConstants()) {
                    if (((Enum<?>) c).name().equals(raw)) {
                        yield EventCodec.quote(raw);
                    }
                }
                throw new Invalid(quote(raw) + " is not one of the choices");
            }
        };
    }

    /** The fixed-point date formats: the literal is a JSON string of the parsed value. */
    private interface Parser {
        String parse(String text) throws DateTimeException;
    }

    private static String parse(String raw, String what, Parser parser) throws Invalid {
        try {
            String json = parser.parse(raw.strip());
            return json.startsWith("\"") ? json : EventCodec.quote(json);
        } catch (DateTimeException e) {
            throw new Invalid("must be " + what);
        }
    }

    private static Instant instant(String t) {
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException e) {
            return LocalDateTime.parse(t, LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        }
    }

    private static String integer(Scalar s, String raw, long least, long greatest) throws Invalid {
        String t = raw.strip();
        if (!INTEGER.matcher(t).matches()) {
            throw new Invalid("must be a whole number");
        }
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new Invalid("must be between " + least + " and " + greatest);
        }
        if (v < least || v > greatest) {
            throw new Invalid("must be between " + least + " and " + greatest);
        }
        range(s.meta(), v);
        return Long.toString(v);
    }

    private static String decimal(Scalar s, String t) throws Invalid {
        if (!DECIMAL.matcher(t).matches()) {
            throw new Invalid("must be a number");
        }
        double v;
        String json;
        if (s.kind() == Kind.FLOAT) {
            float f = Float.parseFloat(t);
            if (Float.isInfinite(f)) {
                throw new Invalid("is too large for a float");
            }
            v = f;
            json = Float.toString(f);
        } else {
            v = Double.parseDouble(t);
            if (Double.isInfinite(v)) {
                throw new Invalid("is too large for a double");
            }
            json = Double.toString(v);
        }
        range(s.meta(), v);
        return json;
    }

    private static void range(FormNode.Meta m, double v) throws Invalid {
        boolean hasMin = !Double.isNaN(m.min());
        boolean hasMax = !Double.isNaN(m.max());
        if (hasMin && v < m.min() || hasMax && v > m.max()) {
            if (hasMin && hasMax) {
                throw new Invalid("must be between " + number(m.min()) + " and " + number(m.max()));
            }
            throw new Invalid(hasMin ? "must be at least " + number(m.min()) : "must be at most " + number(m.max()));
        }
        if (!m.step().isEmpty() && !m.step().equals("any")) {
            double step = Double.parseDouble(m.step());
            double base = hasMin ? m.min() : 0;
            double n = (v - base) / step;
            if (Math.abs(n - Math.rint(n)) > 1e-9 * Math.max(1, Math.abs(n))) {
                throw new Invalid("must be a multiple of " + m.step() + (hasMin ? " from " + number(m.min()) : ""));
            }
        }
    }

    /** {@code 10} for 10.0, {@code 0.5} for 0.5. */
    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static Duration duration(String t) throws Invalid {
        if (t.isEmpty()) {
            throw new Invalid("must be a duration such as 10s, 1h30m or PT10S");
        }
        if (t.charAt(0) == 'P' || t.charAt(0) == 'p' || t.startsWith("-P") || t.startsWith("-p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeException e) {
                throw new Invalid("is not an ISO-8601 duration (PT10S, PT1H30M)");
            }
        }
        Matcher m = SHORT_DURATION.matcher(t);
        if (!m.matches()) {
            throw new Invalid("must be a duration such as 10s, 1h30m, 250ms or PT10S");
        }
        Duration d = Duration.ZERO;
        long[] unitsInMillis = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        for (int g = 1; g <= 5; g++) {
            if (m.group(g) != null) {
                d = d.plus(Duration.ofMillis(Math.multiplyExact(Long.parseLong(m.group(g)), unitsInMillis[g - 1])));
            }
        }
        return d;
    }

    /** The input text of {@code value} (not null; an Optional's content). */
    static String format(Scalar s, Object value) {
        return switch (s.kind()) {
            case FLOAT, DOUBLE, TEXT, CHAR, BOOLEAN, BYTE, SHORT, INT, LONG, DATE, PATH, UUID -> value.toString();
            // toString omits zero seconds (22:00), as time and datetime-local inputs show them
            case TIME -> value.toString();
            case INSTANT -> LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC).toString();
            // toString omits zero seconds (2026-03-09T23:45), as datetime-local inputs show them
            case LOCAL_DATE_TIME -> value.toString();
            case OFFSET_DATE_TIME -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) value);
            case DURATION -> shortDuration((Duration) value);
            case ENUM -> ((Enum<?>) value).name();
        };
    }

    /** {@code 1h30m}, {@code 10s}, {@code 250ms}; ISO-8601 when negative or finer than milliseconds. */
    static String shortDuration(Duration d) {
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long h = d.toHours();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (d.toMinutesPart() > 0) {
            b.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0) {
            b.append(d.toSecondsPart()).append('s');
        }
        if (d.toMillisPart() > 0) {
            b.append(d.toMillisPart()).append("ms");
        }
        return h > 999_999_999L ? d.toString() : b.toString();
    }

    /** What a datetime/time input's step must be so that {@code text} is valid in a browser. */
    static String timeStep(String text) {
        int dot = text.indexOf('.');
        if (dot >= 0) {
            return text.length() - dot - 1 <= 3 ? "0.001" : "any";
        }
        int colons = 0;
        for (int i = text.indexOf('T') + 1; i < text.length(); i++) {
            if (text.charAt(i) == ':') {
                colons++;
            }
        }
        return colons >= 2 ? "1" : "";
    }

    static String quote(String raw) {
        String s = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        return "'" + s + "'";
    }
}
