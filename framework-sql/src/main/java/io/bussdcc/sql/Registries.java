package io.bussdcc.sql;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.spi.DiscoveredProvider;
import io.bussdcc.api.spi.MessageTypeProvider;
import java.util.ServiceLoader;

/** The registry events are written or read with when the program gives none. */
final class Registries {

    private Registries() {}

    /**
     * The built-in types plus every {@link MessageTypeProvider}'s in this module's layer (a
     * plugin layer sees the image's providers too), discovered by bussdcc's one policy
     * ({@link DiscoveredProvider#all}).
     *
     * @throws io.bussdcc.api.spi.ProviderException naming a provider, its module and its jar,
     *                                              if it cannot be loaded or fails
     */
    static MessageTypeRegistry discovered() {
        ModuleLayer layer = Registries.class.getModule().getLayer();
        ServiceLoader<MessageTypeProvider> loader = layer != null ? ServiceLoader.load(layer, MessageTypeProvider.class)
                : ServiceLoader.load(MessageTypeProvider.class);
        return MessageTypeProvider.registerAll(DiscoveredProvider.all(MessageTypeProvider.class, loader),
                MessageTypeRegistry.withBuiltins());
    }
}
