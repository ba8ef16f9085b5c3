package io.bussdcc.api.spi;

import io.bussdcc.api.Device;

/** Contributes a {@link Device}; configured from the keys below {@code device.<name>.}. */
public interface DeviceProvider extends ComponentProvider<Device> {}
