package io.bussdcc.sql;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.spi.MessageTypeProvider;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The registry events are written or read with when the program gives none. */
final class Registries {

    private static final System.Logger LOG = System.getLogger(Registries.class.getName());

    private Registries() {}

    /** The built-in types plus every {@link MessageTypeProvider}'s in this module's layer; a broken provider is logged and skipped. */
    static MessageTypeRegistry discovered() {
        MessageTypeRegistry registry = MessageTypeRegistry.withBuiltins();
        ModuleLayer layer = Registries.class.getModule().getLayer();
        Iterator<MessageTypeProvider> providers = (layer != null ? ServiceLoader.load(layer, MessageTypeProvider.class)
                : ServiceLoader.load(MessageTypeProvider.class)).iterator();
        while (true) {
            MessageTypeProvider provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.WARNING, "a message type provider could not be loaded; skipped: " + e.getMessage());
                continue;
            }
            try {
                provider.registerTypes(registry);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "message type provider " + provider.getClass().getName()
                        + " failed; its types are not known: " + e, e);
            }
        }
        return registry;
    }
}
