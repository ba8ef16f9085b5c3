package io.bussdcc.api;

/**
 * Text from outside (a log line, a file name, a peer's message) made safe to print for a
 * person: every character that could move the cursor, start a terminal escape sequence, break
 * a line or turn the reading direction — C0 and C1 controls (newline, tab, ESC included),
 * DEL, the Unicode bidirectional controls, line and paragraph separators, unpaired surrogates
 * — is written as a visible escape ({@code \n}, {@code \t}, {@code \r}, otherwise
 * {@code \u001B}-style). Everything else, backslashes included, is kept as it is, so ordinary
 * text reads unchanged, and escaping twice changes nothing more. The result is for reading,
 * not for parsing back.
 */
public final class SafeText {

    private SafeText() {}

    /** {@code text} with every unsafe character escaped; {@code "null"} for null. */
    public static String escape(CharSequence text) {
        return escape(text, Integer.MAX_VALUE);
    }

    /**
     * As {@link #escape(CharSequence)}, keeping at most the first {@code maxChars} characters
     * of {@code text}; a longer text ends with {@code …(N chars)}, N its full length.
     *
     * @throws IllegalArgumentException if {@code maxChars} is negative
     */
    public static String escape(CharSequence text, int maxChars) {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars is negative: " + maxChars);
        }
        if (text == null) {
            return "null";
        }
        int length = text.length();
        int end = Math.min(length, maxChars);
        int first = firstUnsafe(text, end);
        if (first == end && end == length) {
            return text.toString();
        }
        StringBuilder b = new StringBuilder(end + 16).append(text, 0, first);
        for (int i = first; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (i + 1 < end) {
                    b.append(c).append(text.charAt(++i));
                }
                continue; // a pair cut by the limit is left out whole
            }
            if (!isUnsafe(c)) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else {
                b.append(String.format("\\u%04X", (int) c));
            }
        }
        if (end < length) {
            b.append("…(").append(length).append(" chars)");
        }
        return b.toString();
    }

    private static int firstUnsafe(CharSequence text, int end) {
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a whole pair within the limit
            } else if (isUnsafe(c)) {
                return i;
            }
        }
        return end;
    }

    /** Whether {@code c}, standing alone, must be escaped. */
    private static boolean isUnsafe(char c) {
        return c < 0x20
                || c >= 0x7F && c <= 0x9F
                || c == 0x061C // arabic letter mark
                || c == 0x200E || c == 0x200F // left-to-right, right-to-left mark
                || c >= 0x2028 && c <= 0x202E // line and paragraph separators; embeddings and overrides
                || c >= 0x2066 && c <= 0x2069 // isolates
                || Character.isSurrogate(c); // unpaired (pairs are taken whole above)
    }
}
