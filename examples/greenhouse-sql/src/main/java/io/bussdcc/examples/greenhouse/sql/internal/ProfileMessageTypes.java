package io.bussdcc.examples.greenhouse.sql.internal;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.spi.MessageTypeProvider;
import io.bussdcc.examples.greenhouse.sql.ThresholdProfile;

/** Registers {@link ThresholdProfile}, which the codec reads the profiles form into. */
public final class ProfileMessageTypes implements MessageTypeProvider {

    /** For {@link java.util.ServiceLoader}. */
    public ProfileMessageTypes() {}

    @Override
    public void registerTypes(MessageTypeRegistry registry) {
        registry.register(ThresholdProfile.class);
    }
}
