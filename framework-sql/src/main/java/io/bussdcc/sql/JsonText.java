package io.bussdcc.sql;

/** The little JSON text work this module does itself: finding a top-level string field (quoting is {@code EventCodec.quote}). */
final class JsonText {

    private JsonText() {}

    /**
     * The value of the top-level field {@code name} of the JSON object {@code json} when it is
     * a string without escapes (as device ids are), else null. Nested objects and arrays are
     * skipped, strings are skipped with their escapes; text that is not a JSON object gives null.
     */
    static String topLevelString(String json, String name) {
        int n = json.length();
        int i = skipSpace(json, 0);
        if (i >= n || json.charAt(i) != '{') {
            return null;
        }
        i++;
        while (true) {
            i = skipSpace(json, i);
            if (i >= n || json.charAt(i) != '"') {
                return null;
            }
            int keyEnd = endOfString(json, i);
            if (keyEnd < 0) {
                return null;
            }
            boolean match = keyEnd - i - 1 == name.length() && json.startsWith(name, i + 1);
            i = skipSpace(json, keyEnd + 1);
            if (i >= n || json.charAt(i) != ':') {
                return null;
            }
            i = skipSpace(json, i + 1);
            if (i >= n) {
                return null;
            }
            int valueEnd = endOfValue(json, i);
            if (valueEnd < 0) {
                return null;
            }
            if (match) {
                if (json.charAt(i) != '"') {
                    return null;
                }
                String value = json.substring(i + 1, valueEnd - 1);
                return value.indexOf('\\') >= 0 ? null : value;
            }
            i = skipSpace(json, valueEnd);
            if (i >= n || json.charAt(i) != ',') {
                return null;
            }
            i++;
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    /** The index of the closing quote of the string opening at {@code i}, or -1. */
    private static int endOfString(String s, int i) {
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '"') {
                return j;
            }
        }
        return -1;
    }

    /** The index just after the value starting at {@code i}, or -1. */
    private static int endOfValue(String s, int i) {
        char c = s.charAt(i);
        if (c == '"') {
            int end = endOfString(s, i);
            return end < 0 ? -1 : end + 1;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int j = i; j < s.length(); j++) {
                char d = s.charAt(j);
                if (d == '"') {
                    j = endOfString(s, j);
                    if (j < 0) {
                        return -1;
                    }
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                    if (depth == 0) {
                        return j + 1;
                    }
                }
            }
            return -1;
        }
        int j = i;
        while (j < s.length() && ",}] \t\r\n".indexOf(s.charAt(j)) < 0) {
            j++;
        }
        return j == i ? -1 : j;
    }
}
