package io.bussdcc.web;

import io.bussdcc.api.spi.DiscoveredProvider;
import io.bussdcc.api.spi.ProviderException;
import io.bussdcc.web.spi.WebPlugin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/** Finds {@link WebPlugin}s and de-duplicates them by name. */
final class Plugins {

    private static final System.Logger LOG = System.getLogger(Plugins.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private Plugins() {}

    /** The explicit plugins, then (if asked) the discovered ones; the first of each name wins. */
    static List<WebPlugin> resolve(List<WebPlugin> explicit, boolean discover) {
        List<WebPlugin> all = new ArrayList<>(explicit);
        if (discover) {
            all.addAll(discover());
        }
        return dedupe(all);
    }

    /** Keeps the first plugin of each name, logging the others; rejects invalid names. */
    static List<WebPlugin> dedupe(List<WebPlugin> plugins) {
        Map<String, WebPlugin> byName = new LinkedHashMap<>();
        for (WebPlugin plugin : plugins) {
            String name = plugin.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new WebInterfaceException("web plugin " + describe(plugin) + " has the name '" + name
                        + "'; plugin names are lower-case letters, digits and '-'");
            }
            WebPlugin first = byName.putIfAbsent(name, plugin);
            if (first != null) {
                LOG.log(System.Logger.Level.WARNING, "web plugin '" + name + "' is provided twice: using "
                        + describe(first) + ", skipping " + describe(plugin));
            }
        }
        return List.copyOf(byName.values());
    }

    /**
     * Looks in this module's layer (and its parents), or, when the starting thread's context
     * class loader is another one — a launcher that loaded plugin jars into a child layer sets it
     * to that layer's loader — through that loader, which sees the child layer and its parents.
     */
    private static List<WebPlugin> discover() {
        Module module = WebInterface.class.getModule();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ServiceLoader<WebPlugin> loader;
        if (context != null && context != WebInterface.class.getClassLoader()
                && context != ClassLoader.getSystemClassLoader()) {
            loader = ServiceLoader.load(WebPlugin.class, context);
        } else if (module.isNamed() && module.getLayer() != null) {
            loader = ServiceLoader.load(module.getLayer(), WebPlugin.class);
        } else {
            loader = ServiceLoader.load(WebPlugin.class, WebInterface.class.getClassLoader());
        }
        try {
            return DiscoveredProvider.all(WebPlugin.class, loader).stream().map(DiscoveredProvider::provider).toList();
        } catch (ProviderException e) {
            throw new WebInterfaceException(e.getMessage(), e);
        }
    }

    static String describe(WebPlugin plugin) {
        Module m = plugin.getClass().getModule();
        return plugin.getClass().getName() + " (" + (m.isNamed() ? "module " + m.getName() : "class path") + ")";
    }
}
