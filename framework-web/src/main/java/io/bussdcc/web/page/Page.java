package io.bussdcc.web.page;

import java.util.List;
import java.util.Objects;

/**
 * A server-rendered page to show in the shared {@link Layout}: its title, its content (HTML the
 * application made, with a JStachio template of its own or a generated form) and the extra
 * scripts and styles it needs (this server's own paths, such as
 * {@code /assets/vendor/chart.umd.min.js}: the pages' Content-Security-Policy allows no others).
 *
 * @param title   the heading and window title
 * @param content the page's HTML, inserted as it is: escape what users typed
 * @param scripts script paths loaded after the layout's own
 * @param styles  stylesheet paths loaded after Bootstrap
 * @param app     the application named in the footer, or {@code null}
 */
public record Page(String title, String content, List<String> scripts, List<String> styles, AppInfo app) {

    /** Checks the page and copies the lists. */
    public Page {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(content, "content");
        scripts = List.copyOf(scripts);
        styles = List.copyOf(styles);
    }

    /** A page with no extra scripts or styles. */
    public static Page of(String title, String content) {
        return new Page(title, content, List.of(), List.of(), null);
    }

    /** This page loading {@code paths} too. */
    public Page withScripts(String... paths) {
        List<String> all = new java.util.ArrayList<>(scripts);
        all.addAll(List.of(paths));
        return new Page(title, content, all, styles, app);
    }

    /** This page loading the stylesheets {@code paths} too. */
    public Page withStyles(String... paths) {
        List<String> all = new java.util.ArrayList<>(styles);
        all.addAll(List.of(paths));
        return new Page(title, content, scripts, all, app);
    }

    /** This page naming {@code app} in the footer. */
    public Page withApp(AppInfo app) {
        return new Page(title, content, scripts, styles, app);
    }
}
