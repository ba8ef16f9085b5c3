package io.bussdcc.web.page;

import java.util.function.Function;

/**
 * HTML escaping for pages. JStachio's zero-dependency renderers escape nothing unless given an
 * escaper: make them with {@code new XRenderer(Html.FORMATTER, Html.ESCAPER)}, as the layout does.
 */
public final class Html {

    /** Escapes {@code & < > " '}: safe in element content and in quoted attributes. */
    public static final Function<String, String> ESCAPER = Html::escape;
    /** Formats a template variable: {@code null} as nothing, anything else by {@code toString()}. */
    public static final Function<Object, String> FORMATTER = o -> o == null ? "" : o.toString();

    private Html() {}

    /** {@code s} with {@code & < > " '} escaped. */
    public static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(r);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
