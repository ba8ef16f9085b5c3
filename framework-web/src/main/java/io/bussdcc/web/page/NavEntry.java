package io.bussdcc.web.page;

import java.util.Objects;

/**
 * An entry of the layout's navigation bar, contributed by a
 * {@link io.bussdcc.web.spi.WebPlugin#nav() WebPlugin}.
 *
 * @param label the text
 * @param path  the page's path on this server, starting with {@code /}
 */
public record NavEntry(String label, String path) {

    /**
     * Checks the entry.
     *
     * @throws IllegalArgumentException if the path is not a path of this server
     */
    public NavEntry {
        Objects.requireNonNull(label, "label");
        if (path == null || !path.startsWith("/") || path.startsWith("//")) {
            throw new IllegalArgumentException("nav entry '" + label + "' needs a path on this server such as /greenhouse, not "
                    + path);
        }
    }
}
