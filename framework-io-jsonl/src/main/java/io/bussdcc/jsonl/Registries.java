package io.bussdcc.jsonl;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.spi.DiscoveredProvider;
import io.bussdcc.api.spi.MessageTypeProvider;
import java.util.ServiceLoader;

/** The registry a log is read or written with when the program gives none. */
final class Registries {

    private Registries() {}

    /**
     * The built-in types plus every type a {@link MessageTypeProvider} visible to this module
     * contributes, discovered by bussdcc's one policy ({@link DiscoveredProvider#all}).
     *
     * @throws io.bussdcc.api.spi.ProviderException naming a provider, its module and its jar,
     *                                              if it cannot be loaded or fails
     */
    static MessageTypeRegistry discovered() {
        return MessageTypeProvider.registerAll(
                DiscoveredProvider.all(MessageTypeProvider.class, ServiceLoader.load(MessageTypeProvider.class)),
                MessageTypeRegistry.withBuiltins());
    }
}
