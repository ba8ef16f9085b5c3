package io.bussdcc.examples.greenhouse.internal;

import io.bussdcc.api.Config;
import io.bussdcc.api.Device;
import io.bussdcc.api.spi.DeviceProvider;
import io.bussdcc.examples.greenhouse.SimulatedSensor;
import io.bussdcc.examples.greenhouse.SimulatedSensor.Physics;

/**
 * The simulated thermometer, as device provider {@code greenhouse}. Keys below
 * {@code device.greenhouse.}: {@code id} (default {@value GreenhouseDeviceProvider#DEFAULT_ID}),
 * {@code base}, {@code amplitude}, {@code period}, {@code noise}, {@code seed} (see
 * {@link Physics#DEFAULT}).
 */
public final class GreenhouseDeviceProvider implements DeviceProvider {

    /** The sensor id used when none is configured. */
    public static final String DEFAULT_ID = "greenhouse-1";

    /** For {@link java.util.ServiceLoader}. */
    public GreenhouseDeviceProvider() {}

    @Override
    public String name() {
        return "greenhouse";
    }

    @Override
    public Device create(Config config) {
        Physics d = Physics.DEFAULT;
        Physics physics = new Physics(
                config.getDouble("base", d.base()),
                config.getDouble("amplitude", d.amplitude()),
                config.getDuration("period", d.period()),
                config.getDouble("noise", d.noise()),
                config.getLong("seed", d.seed()));
        return new SimulatedSensor(config.get("id", DEFAULT_ID), physics);
    }
}
