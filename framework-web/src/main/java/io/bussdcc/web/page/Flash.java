package io.bussdcc.web.page;

import java.util.Objects;

/**
 * A message shown once at the top of the next page, after a post (Post/Redirect/Get: see
 * {@link Layout#redirect}).
 *
 * @param level  how it looks
 * @param text   the message
 * @param detail a preformatted detail (such as the emitted message's JSON), or {@code null}
 */
public record Flash(Level level, String text, String detail) {

    /** Checks the flash. */
    public Flash {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(text, "text");
    }

    /** A flash without detail. */
    public static Flash of(Level level, String text) {
        return new Flash(level, text, null);
    }

    /** How a flash looks: Bootstrap's alert colours. */
    public enum Level {
        /** Neutral news. */
        INFO("info"),
        /** Something was done. */
        SUCCESS("success"),
        /** Done, with a caveat. */
        WARNING("warning"),
        /** Not done. */
        ERROR("danger");

        final String css;

        Level(String css) {
            this.css = css;
        }
    }
}
