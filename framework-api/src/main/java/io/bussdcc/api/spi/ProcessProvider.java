package io.bussdcc.api.spi;

import io.bussdcc.api.Process;

/** Contributes a {@link Process}; configured from the keys below {@code process.<name>.}. */
public interface ProcessProvider extends ComponentProvider<Process> {}
