package io.bussdcc.examples.greenhouse.internal;

import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.spi.MessageTypeProvider;
import io.bussdcc.examples.greenhouse.Alarm;
import io.bussdcc.examples.greenhouse.AlarmCleared;
import io.bussdcc.examples.greenhouse.SetThresholds;
import io.bussdcc.examples.greenhouse.SensorReading;

/** Registers the greenhouse's messages, so its recorded events read back as themselves. */
public final class GreenhouseMessageTypes implements MessageTypeProvider {

    /** For {@link java.util.ServiceLoader}. */
    public GreenhouseMessageTypes() {}

    @Override
    public void registerTypes(MessageTypeRegistry registry) {
        registry.register(SensorReading.class);
        registry.register(Alarm.class);
        registry.register(AlarmCleared.class);
        registry.register(SetThresholds.class);
    }
}
