package io.bussdcc.api.spi;

import io.bussdcc.api.EventSink;

/** Contributes an {@link EventSink}; configured from the keys below {@code sink.<name>.}. */
public interface SinkProvider extends ComponentProvider<EventSink> {}
