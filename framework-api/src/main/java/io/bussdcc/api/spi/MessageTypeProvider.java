package io.bussdcc.api.spi;

import io.bussdcc.api.MessageTypeRegistry;
import java.util.List;

/**
 * Contributes message types (and aliases) to every registry built from the module path, so a
 * module's messages can be read back from logs without the application registering them.
 */
public interface MessageTypeProvider {

    /** Registers this module's types and aliases. */
    void registerTypes(MessageTypeRegistry registry);

    /**
     * Applies every provider to {@code registry}, in order: the one way bussdcc applies
     * discovered types (the runtime's composition, the JSONL module and the CLI use it, with
     * providers from {@link DiscoveredProvider#all}). A provider that fails stops it.
     *
     * @return {@code registry}
     * @throws ProviderException naming the provider, its module and jar, if one throws (for
     *                           instance because its name is taken by another module's type)
     */
    static MessageTypeRegistry registerAll(List<DiscoveredProvider<MessageTypeProvider>> providers,
            MessageTypeRegistry registry) {
        for (DiscoveredProvider<MessageTypeProvider> p : providers) {
            try {
                p.provider().registerTypes(registry);
            } catch (RuntimeException | LinkageError e) {
                throw new ProviderException("message type provider " + p.type().getName() + " (" + p.origin()
                        + ") failed to register its types: " + DiscoveredProvider.describe(e), e);
            }
        }
        return registry;
    }
}
