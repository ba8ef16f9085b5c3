package io.bussdcc.identity.internal;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.spi.MessageTypeProvider;
import io.bussdcc.identity.SystemIdentityEvent;

/** Registers {@link SystemIdentityEvent}, so identity events in a log read back as that type. */
public final class IdentityMessageTypes implements MessageTypeProvider {

    /** For {@link java.util.ServiceLoader}. */
    public IdentityMessageTypes() {}

    @Override
    public void registerTypes(MessageTypeRegistry registry) {
        registry.register(SystemIdentityEvent.class);
    }
}
