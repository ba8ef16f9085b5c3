package io.bussdcc.web;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.web.spi.WebPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands events to the plugins that asked for their types ({@link WebPlugin#eventTypes()}). A
 * plugin's failure is logged (the first, then every 1,000th) and never reaches the bus.
 */
final class PluginEvents {

    private static final System.Logger LOG = System.getLogger(PluginEvents.class.getName());

    private record Listener(WebPlugin plugin, Set<Class<? extends Message>> types, AtomicLong failures) {}

    private final List<Listener> listeners = new ArrayList<>();
    private final WebContext web;

    PluginEvents(List<WebPlugin> plugins, WebContext web) {
        this.web = web;
        for (WebPlugin p : plugins) {
            Set<Class<? extends Message>> types = Set.copyOf(p.eventTypes());
            if (!types.isEmpty()) {
                listeners.add(new Listener(p, types, new AtomicLong()));
            }
        }
    }

    void dispatch(Event<?> event) {
        for (Listener l : listeners) {
            if (matches(l.types(), event.payload())) {
                try {
                    l.plugin().handleEvent(web, event);
                } catch (RuntimeException e) {
                    long n = l.failures().incrementAndGet();
                    if (n == 1 || n % 1000 == 0) {
                        LOG.log(System.Logger.Level.WARNING, "web plugin '" + l.plugin().name() + "' failed to handle "
                                + event.payload().getClass().getSimpleName() + " (failure " + n + "): " + e, e);
                    }
                }
            }
        }
    }

    private static boolean matches(Set<Class<? extends Message>> types, Message payload) {
        for (Class<? extends Message> t : types) {
            if (t.isInstance(payload)) {
                return true;
            }
        }
        return false;
    }
}
