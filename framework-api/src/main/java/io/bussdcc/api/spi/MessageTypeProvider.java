package io.bussdcc.api.spi;

import io.bussdcc.api.MessageTypeRegistry;

/**
 * Contributes message types (and aliases) to every registry built from the module path, so a
 * module's messages can be read back from logs without the application registering them.
 */
public interface MessageTypeProvider {

    /** Registers this module's types and aliases. */
    void registerTypes(MessageTypeRegistry registry);
}
