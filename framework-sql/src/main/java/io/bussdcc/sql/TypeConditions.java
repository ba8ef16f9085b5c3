package io.bussdcc.sql;

import io.bussdcc.api.TypeFilter;
import java.util.List;

/**
 * Type patterns ({@link TypeFilter}, docs/type-patterns.md) as SQL conditions on column
 * {@code type}, so that the database leaves out what cannot pass. The conditions only narrow:
 * SQLite's {@code LIKE} ignores ASCII case, so the rows are still checked with
 * {@link TypeFilter#accepts}.
 */
final class TypeConditions {

    private TypeConditions() {
    }

    /**
     * The condition one pattern (without {@code !}) stands for, with its parameter added to
     * {@code params}: {@code type = ?} for a name, {@code type LIKE ? ESCAPE '\'} for a glob.
     */
    static String condition(String pattern, List<Object> params) {
        if (pattern.indexOf('*') < 0) {
            params.add(pattern);
            return "type = ?";
        }
        String escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        params.add(escaped.replaceAll("\\*+", "%"));
        return "type LIKE ? ESCAPE '\\'";
    }

    /**
     * The condition that a row's type matches one of {@code filter}'s inclusions, or
     * {@code null} when it has none (every type may pass its exclusions).
     */
    static String includes(TypeFilter filter, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        for (String p : filter.patterns()) {
            if (!p.startsWith("!")) {
                sql.append(sql.isEmpty() ? "(" : " OR ").append(condition(p, params));
            }
        }
        return sql.isEmpty() ? null : sql.append(')').toString();
    }
}
