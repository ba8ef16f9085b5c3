package io.bussdcc.codec;

import java.nio.charset.StandardCharsets;

/**
 * Values written as bytes exactly as the codec's JSON generator writes them, for the plain
 * cases: numbers, booleans, {@code null}, and strings of printable ASCII that need no escape.
 * Each method writes at {@code pos} and returns the position after, or -1 when the value is not
 * plain or does not fit (the caller then uses the generator).
 */
final class CanonicalText {

    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] MIN_LONG = ascii(Long.toString(Long.MIN_VALUE));

    private CanonicalText() {}

    /**
     * Whether the generator writes {@code s} as it is, between quotes: ASCII from space up to and
     * including DEL (which JSON does not escape), no quote or backslash.
     */
    static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static int writeString(String s, byte[] out, int pos) {
        int n = s.length();
        if (out.length - pos < n + 2) {
            return -1;
        }
        out[pos++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7F || c == '"' || c == '\\') {
                return -1;
            }
            out[pos++] = (byte) c;
        }
        out[pos++] = '"';
        return pos;
    }

    static int writeNull(byte[] out, int pos) {
        return put(NULL, out, pos);
    }

    static int writeBoolean(boolean v, byte[] out, int pos) {
        return put(v ? TRUE : FALSE, out, pos);
    }

    static int writeLong(long v, byte[] out, int pos) {
        if (v == Long.MIN_VALUE) {
            return put(MIN_LONG, out, pos);
        }
        int digits = 1;
        long a = Math.abs(v);
        for (long t = a; t >= 10; t /= 10) {
            digits++;
        }
        int length = digits + (v < 0 ? 1 : 0);
        if (out.length - pos < length) {
            return -1;
        }
        int end = pos + length;
        for (int i = end - 1; i >= end - digits; i--) {
            out[i] = (byte) ('0' + a % 10);
            a /= 10;
        }
        if (v < 0) {
            out[pos] = '-';
        }
        return end;
    }

    /** As {@code Double.toString}, which is what the generator writes; -1 for NaN and infinities. */
    static int writeDouble(double v, byte[] out, int pos) {
        if (!Double.isFinite(v)) {
            return -1;
        }
        char[] text = new char[DoubleText.MAX_LENGTH];
        int n = DoubleText.format(v, text);
        if (n < 0) {
            String s = Double.toString(v);
            n = s.length();
            if (out.length - pos < n) {
                return -1;
            }
            s.getBytes(0, n, out, pos); // ASCII
            return pos + n;
        }
        if (out.length - pos < n) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            out[pos + i] = (byte) text[i];
        }
        return pos + n;
    }

    private static int put(byte[] text, byte[] out, int pos) {
        if (out.length - pos < text.length) {
            return -1;
        }
        System.arraycopy(text, 0, out, pos, text.length);
        return pos + text.length;
    }
}
