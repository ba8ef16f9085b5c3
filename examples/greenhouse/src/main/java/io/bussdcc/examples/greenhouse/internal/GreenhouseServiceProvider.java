package io.bussdcc.examples.greenhouse.internal;

import io.bussdcc.api.Config;
import io.bussdcc.api.Service;
import io.bussdcc.api.spi.ServiceProvider;
import io.bussdcc.examples.greenhouse.SensorPollingService;

/**
 * The polling service, as service provider {@code greenhouse}. Keys below
 * {@code service.greenhouse.}: {@code sensor} (the id of the device to read, looked up through
 * the service's context, default {@value GreenhouseDeviceProvider#DEFAULT_ID}) and
 * {@code interval} (default 100ms).
 */
public final class GreenhouseServiceProvider implements ServiceProvider {

    /** For {@link java.util.ServiceLoader}. */
    public GreenhouseServiceProvider() {}

    @Override
    public String name() {
        return SensorPollingService.NAME;
    }

    @Override
    public Service create(Config config) {
        return SensorPollingService.ofDevice(config.get("sensor", GreenhouseDeviceProvider.DEFAULT_ID),
                config.getDuration("interval", SensorPollingService.DEFAULT_INTERVAL));
    }
}
