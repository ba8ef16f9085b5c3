package io.bussdcc.runtime;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;

/**
 * Something the {@link Dispatcher} delivers events to — a sink, process, interface, running
 * service or bus subscriber — and how its failure is reported.
 */
interface Receiver {

    /** Handles one event. */
    void receive(Event<?> event) throws Exception;

    /** The report of {@code failure} while handling {@code event}: a {@code SinkHandlerError}, … */
    Message failureReport(Event<?> event, Throwable failure);

    /** Who this is, for logs: {@code sink 'jsonl'}. */
    String describe();
}
