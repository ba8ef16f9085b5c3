package io.bussdcc.codec;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants, fast: UTC with {@code Z} and as many fraction digits as needed (where
 * {@link DateTimeFormatter#ISO_INSTANT} writes 3, 6 or 9), without a formatter per call. Events
 * arrive in time order, so the {@code yyyy-MM-ddTHH:mm:ss} prefix of the last second is cached,
 * written and read, and only the fraction and offset are handled per event.
 */
final class Timestamps {

    /** Longest text of the fast path: {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
    static final int MAX_FAST_LENGTH = 30;

    // Seconds of 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the fast path's four-digit years.
    private static final long MIN_FAST_SECOND = -62_167_219_200L;
    private static final long END_FAST_SECOND = 253_402_300_800L;

    /** Like ISO_INSTANT, but with only the fraction digits needed (ISO_INSTANT writes 3, 6 or 9). */
    private static final DateTimeFormatter INSTANT = new DateTimeFormatterBuilder().appendInstant(-1).toFormatter();

    /**
     * The text of one second ({@code yyyy-MM-ddTHH:mm:ss}, ASCII), immutable so that threads can
     * share it without locking.
     */
    private record Second(long epochSecond, byte[] prefix) {}

    private volatile Second lastWritten = new Second(0, prefixOf(0));
    private static volatile Second lastRead = new Second(0, prefixOf(0));

    /**
     * Writes {@code t} as ASCII into {@code out} from index 0 and returns the length, or returns
     * -1 when the year has no four-digit form (then use {@link #format(Instant)}).
     */
    int format(Instant t, byte[] out) {
        return format(t, out, 0);
    }

    /** As {@link #format(Instant, byte[])}, from {@code off}; returns the position after, or -1. */
    int format(Instant t, byte[] out, int off) {
        if (out.length - off < MAX_FAST_LENGTH) {
            return -1;
        }
        long second = t.getEpochSecond();
        if (second < MIN_FAST_SECOND || second >= END_FAST_SECOND) {
            return -1;
        }
        Second s = lastWritten;
        if (s.epochSecond != second) {
            s = new Second(second, prefixOf(second));
            lastWritten = s;
        }
        System.arraycopy(s.prefix, 0, out, off, 19);
        int n = off + 19;
        int nanos = t.getNano();
        if (nanos != 0) {
            out[n++] = '.';
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            for (int i = n + digits - 1; i >= n; i--) {
                out[i] = (byte) ('0' + nanos % 10);
                nanos /= 10;
            }
            n += digits;
        }
        out[n++] = 'Z';
        return n;
    }

    /** The text of {@code t}, as {@link #format(Instant, byte[])} writes it. */
    String format(Instant t) {
        byte[] buf = new byte[MAX_FAST_LENGTH];
        int n = format(t, buf);
        return n < 0 ? INSTANT.format(t) : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static byte[] prefixOf(long epochSecond) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        byte[] c = new byte[19];
        put4(c, 0, d.getYear());
        c[4] = '-';
        put2(c, 5, d.getMonthValue());
        c[7] = '-';
        put2(c, 8, d.getDayOfMonth());
        c[10] = 'T';
        put2(c, 11, d.getHour());
        c[13] = ':';
        put2(c, 14, d.getMinute());
        c[16] = ':';
        put2(c, 17, d.getSecond());
        return c;
    }

    private static void put4(byte[] c, int at, int v) {
        c[at] = (byte) ('0' + v / 1000);
        c[at + 1] = (byte) ('0' + v / 100 % 10);
        c[at + 2] = (byte) ('0' + v / 10 % 10);
        c[at + 3] = (byte) ('0' + v % 10);
    }

    private static void put2(byte[] c, int at, int v) {
        c[at] = (byte) ('0' + v / 10);
        c[at + 1] = (byte) ('0' + v % 10);
    }

    /**
     * Reads an ISO-8601 date-time with an offset ({@code Z}, {@code +00:00}, any other offset)
     * as an instant.
     *
     * @throws CodecException naming the text: not a date-time, or one without an offset
     */
    static Instant parse(char[] buf, int off, int len) throws CodecException {
        return parse(buf, off, len, true);
    }

    /** As {@link #parse(char[], int, int)}; with {@code fast} false, through java.time only. */
    static Instant parse(char[] buf, int off, int len, boolean fast) throws CodecException {
        Instant read = fast ? parseFast(buf, off, len) : null;
        return read != null ? read : parseSlow(new String(buf, off, len));
    }

    /** The text of {@code t} as {@link #format(Instant)} gives it, through java.time only. */
    static String formatWithJdk(Instant t) {
        return INSTANT.format(t);
    }

    /**
     * Reads ASCII bytes in the form {@link #parse(char[], int, int)} reads fastest, or returns
     * null for anything else (then use that).
     */
    static Instant parseAscii(byte[] b, int off, int len) {
        if (len > 40) {
            return null;
        }
        char[] chars = new char[len];
        for (int i = 0; i < len; i++) {
            chars[i] = (char) (b[off + i] & 0xFF);
        }
        return parseFast(chars, 0, len);
    }

    static Instant parse(String text) throws CodecException {
        char[] chars = text.toCharArray();
        return parse(chars, 0, chars.length);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or null for anything else. */
    private static Instant parseFast(char[] b, int off, int len) {
        if (len < 20) {
            return null;
        }
        Second cached = lastRead;
        long local; // the date and time of day, as seconds of UTC
        if (startsWith(b, off, cached.prefix)) {
            local = cached.epochSecond;
        } else {
            local = localSeconds(b, off);
            if (local == Long.MIN_VALUE) {
                return null;
            }
            byte[] prefix = new byte[19];
            for (int k = 0; k < 19; k++) {
                prefix[k] = (byte) b[off + k];
            }
            lastRead = new Second(local, prefix);
        }
        int i = off + 19;
        int end = off + len;
        int nanos = 0;
        if (b[i] == '.') {
            i++;
            int start = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                nanos = nanos * 10 + (b[i] - '0');
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return null;
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == end - 1 && b[i] == 'Z') {
            offsetSeconds = 0;
        } else if (i == end - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            int oh = digits(b, i + 1, 2);
            int om = digits(b, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == '-' ? -1 : 1);
        } else {
            return null;
        }
        return Instant.ofEpochSecond(local - offsetSeconds, nanos);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} at {@code off} as seconds of UTC, or {@code Long.MIN_VALUE} if it is not one. */
    private static long localSeconds(char[] b, int off) {
        if (b[off + 4] != '-' || b[off + 7] != '-' || b[off + 10] != 'T' || b[off + 13] != ':' || b[off + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(b, off, 4);
        int month = digits(b, off + 5, 2);
        int day = digits(b, off + 8, 2);
        int hour = digits(b, off + 11, 2);
        int minute = digits(b, off + 14, 2);
        int second = digits(b, off + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE; // e.g. February 30th: the slow path words the error
        }
        return epochDay * 86_400 + hour * 3600 + minute * 60 + second;
    }

    /** Whether the chars at {@code off} are the ASCII bytes of {@code prefix}. */
    private static boolean startsWith(char[] b, int off, byte[] prefix) {
        for (int k = 0; k < prefix.length; k++) {
            if (b[off + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static int digits(char[] b, int at, int count) {
        int v = 0;
        for (int k = 0; k < count; k++) {
            char c = b[at + k];
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Instant parseSlow(String text) throws CodecException {
        try {
            return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        } catch (DateTimeParseException | ArithmeticException e) {
            if (isNaive(text)) {
                throw new CodecException("'" + text + "' has no UTC offset (a naive time); write it with Z or +00:00");
            }
            // The innermost cause words it best; an outer one may print java.time's parse state,
            // a map whose order changes from run to run.
            Throwable detail = e;
            while (detail.getCause() != null) {
                detail = detail.getCause();
            }
            throw new CodecException("'" + text + "' is not an ISO-8601 date-time with offset"
                    + (detail.getMessage() == null ? "" : " (" + detail.getMessage() + ")"));
        }
    }

    private static boolean isNaive(String text) {
        try {
            DateTimeFormatter.ISO_LOCAL_DATE_TIME.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
