package io.bussdcc.identity;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code os-release(5)}: {@code KEY=value} lines, values optionally quoted shell-style. */
final class OsRelease {

    private OsRelease() {}

    /** The variables of {@code text}; empty for {@code null}. Malformed lines are skipped, as the format asks. */
    static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null) {
            return values;
        }
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
                continue;
            }
            String value = SystemFiles.clean(unquote(trimmed.substring(eq + 1).strip()));
            if (value != null) {
                values.put(trimmed.substring(0, eq).strip(), value);
            }
        }
        return values;
    }

    /** {@code "a \"b\""} → {@code a "b"}; {@code 'a b'} → {@code a b}; unquoted values as they are. */
    static String unquote(String value) {
        if (value.length() >= 2 && value.charAt(0) == '\'' && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.charAt(0) == '"' && value.endsWith("\"")) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 1; i < value.length() - 1; i++) {
                char c = value.charAt(i);
                // Inside double quotes a backslash escapes only these, as in the shell.
                if (c == '\\' && i + 1 < value.length() - 1 && "\"\\$`".indexOf(value.charAt(i + 1)) >= 0) {
                    c = value.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        return value;
    }
}
