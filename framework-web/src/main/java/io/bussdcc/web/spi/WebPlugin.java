package io.bussdcc.web.spi;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.web.WebContext;
import io.helidon.webserver.http.HttpRouting;
import java.util.List;
import java.util.Set;

/**
 * Adds routes, static assets and dashboard widgets to every {@link io.bussdcc.web.WebInterface}
 * that discovers it (they discover through {@link java.util.ServiceLoader} unless told not to).
 *
 * <pre>{@code
 * public final class GreenhousePlugin implements WebPlugin {
 *     public String name() { return "greenhouse"; }
 *     public void register(HttpRouting.Builder routing, WebContext web) {
 *         routing.post("/greenhouse/water", (req, res) -> {
 *             web.emit(new WaterRequested(req.query().first("zone").orElse("all")));
 *             res.send("ok");
 *         });
 *     }
 *     public List<WebAsset> assets() {
 *         return List.of(WebAsset.fromResource(GreenhousePlugin.class, "widget.js", "widget.js"));
 *     }
 *     public List<Widget> widgets() {
 *         return List.of(new Widget("greenhouse", "Greenhouse", "widget.js"));
 *     }
 * }
 * }</pre>
 *
 * <p>Declare it with {@code provides io.bussdcc.web.spi.WebPlugin with ...} in the plugin's
 * {@code module-info.java} and in {@code META-INF/services/io.bussdcc.web.spi.WebPlugin}. For
 * {@link WebAsset#fromResource} to find {@code widget.js}, the module also
 * {@code opens} the package holding it {@code to io.bussdcc.web}.
 * Plugins are de-duplicated by {@link #name()}: the first found wins, later ones are logged
 * and skipped.
 */
public interface WebPlugin {

    /** The plugin's stable name: lower case letters, digits and {@code -}; its assets live below {@code /plugins/<name>/}. */
    String name();

    /**
     * Adds the plugin's routes. Called once each time a web interface starts, before it
     * listens; routes of the built-in endpoints ({@code /api/...}, {@code /ws}, {@code /}) win
     * over a plugin's routes for the same path.
     */
    void register(HttpRouting.Builder routing, WebContext web);

    /** Static files the interface serves below {@code /plugins/<name>/}; none by default. */
    default List<WebAsset> assets() {
        return List.of();
    }

    /**
     * The message types whose events {@link #handleEvent} receives (subtypes too); none by
     * default. The Python original's {@code event_types()}.
     */
    default Set<Class<? extends Message>> eventTypes() {
        return Set.of();
    }

    /**
     * Reacts to an event of one of the {@link #eventTypes()}, on the bus's dispatch thread: keep
     * it short and never block (hand long work to a thread of your own). An exception is logged
     * and goes no further.
     */
    default void handleEvent(WebContext web, Event<?> event) {}

    /** The plugin's own real-time channels ({@link WebChannel}); none by default. */
    default List<WebChannel> channels() {
        return List.of();
    }

    /** Entries of the pages' navigation bar ({@link io.bussdcc.web.page.Layout}); none by default. */
    default List<io.bussdcc.web.page.NavEntry> nav() {
        return List.of();
    }

    /** Cards the dashboard shows, each filled by one of this plugin's scripts; none by default. */
    default List<Widget> widgets() {
        return List.of();
    }

    /**
     * A dashboard card. The dashboard adds a card holding an element with
     * {@code data-bussdcc-widget="<name>"} and loads {@code script} (one of the plugin's
     * {@linkplain #assets() assets}), which calls {@code bussdcc.registerWidget(name, init)};
     * {@code init(element, client)} then fills the card.
     *
     * @param name   the widget name the script registers
     * @param title  the card's title
     * @param script the path of the plugin asset holding the script
     */
    record Widget(String name, String title, String script) {

        /**
         * Checks the widget; a {@code null} title becomes the name.
         *
         * @throws IllegalArgumentException if the name is missing or blank, or the script is not a plain relative path
         */
        public Widget {
            WebAsset.requireValidPath(script);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a widget needs a name");
            }
            if (title == null) {
                title = name;
            }
        }
    }
}
