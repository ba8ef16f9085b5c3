package io.bussdcc.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an SQL script into statements at {@code ;} outside quotes ({@code '…'}, {@code "…"}),
 * comments ({@code --}, {@code /* *}{@code /}) and PostgreSQL dollar quotes ({@code $$…$$},
 * {@code $tag$…$tag$}); a {@code CREATE TRIGGER} body ({@code BEGIN … END}) stays one statement.
 */
final class SqlScript {

    /** One statement and the line it starts on (1-based). */
    record Statement(String sql, int line) {}

    private SqlScript() {}

    static List<Statement> split(String script) {
        List<Statement> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int n = script.length();
        boolean trigger = false;
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;
                continue;
            }
            if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                line += count(script, i, stop);
                i = stop;
                cur.append(' ');
                continue;
            }
            if (startLine < 0 && !Character.isWhitespace(c) && c != ';') {
                startLine = line;
            }
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n) {
                    if (script.charAt(end) == c) {
                        if (end + 1 < n && script.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                int stop = Math.min(n, end + 1);
                line += count(script, i, stop);
                cur.append(script, i, stop);
                i = stop;
                continue;
            }
            if (c == '$') {
                int close = script.indexOf('$', i + 1);
                if (close > 0 && script.substring(i + 1, close).matches("[A-Za-z_]*")) {
                    String tag = script.substring(i, close + 1);
                    int end = script.indexOf(tag, close + 1);
                    int stop = end < 0 ? n : end + tag.length();
                    line += count(script, i, stop);
                    cur.append(script, i, stop);
                    i = stop;
                    continue;
                }
            }
            if (c == ';') {
                String sql = cur.toString().strip();
                if (!trigger && startsTrigger(sql)) {
                    trigger = true;
                }
                if (trigger && !endsWithEnd(sql)) {
                    cur.append(c);
                    i++;
                    continue;
                }
                if (!sql.isEmpty()) {
                    out.add(new Statement(sql, startLine));
                }
                cur.setLength(0);
                startLine = -1;
                trigger = false;
                i++;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            cur.append(c);
            i++;
        }
        String sql = cur.toString().strip();
        if (!sql.isEmpty()) {
            out.add(new Statement(sql, startLine));
        }
        return out;
    }

    private static boolean startsTrigger(String sql) {
        String u = sql.toUpperCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
        return u.matches("CREATE (TEMP |TEMPORARY )?TRIGGER .*") && u.matches(".*\\bBEGIN\\b.*");
    }

    private static boolean endsWithEnd(String sql) {
        return sql.toUpperCase(java.util.Locale.ROOT).matches("(?s).*\\bEND");
    }

    private static int count(String s, int from, int to) {
        int k = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                k++;
            }
        }
        return k;
    }
}
