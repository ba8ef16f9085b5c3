package io.bussdcc.api.spi;

import io.bussdcc.api.Service;

/** Contributes a supervised {@link Service}; configured from the keys below {@code service.<name>.}. */
public interface ServiceProvider extends ComponentProvider<Service> {}
