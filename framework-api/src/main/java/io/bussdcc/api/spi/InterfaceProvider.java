package io.bussdcc.api.spi;

import io.bussdcc.api.Process;

/** Contributes an interface (a {@link Process} started after the processes); configured from the keys below {@code interface.<name>.}. */
public interface InterfaceProvider extends ComponentProvider<Process> {}
