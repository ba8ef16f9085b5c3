package io.bussdcc.runtime;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Message;
import java.util.ArrayList;
import java.util.List;

/** A sink that remembers what it saw, including when it was started and stopped. */
final class RecordingSink implements EventSink {

    private final List<Object> log = new ArrayList<>();

    @Override
    public synchronized void start(Context ctx) {
        log.add("sink started");
    }

    @Override
    public synchronized void handle(Event<?> event) {
        log.add(event);
    }

    @Override
    public synchronized void stop() {
        log.add("sink stopped");
    }

    /** Everything seen: the strings "sink started"/"sink stopped" and events. */
    synchronized List<Object> log() {
        return List.copyOf(log);
    }

    synchronized List<Event<?>> events() {
        return log.stream().filter(o -> o instanceof Event<?>).<Event<?>>map(o -> (Event<?>) o).toList();
    }

    synchronized List<Message> payloads() {
        return events().stream().<Message>map(Event::payload).toList();
    }

    synchronized <M extends Message> List<M> payloads(Class<M> type) {
        return events().stream().map(Event::payload).filter(type::isInstance).map(type::cast).toList();
    }

    /** The simple class names of the payloads, in order. */
    synchronized List<String> typeNames() {
        return events().stream().map(e -> e.payload().getClass().getSimpleName()).toList();
    }
}
