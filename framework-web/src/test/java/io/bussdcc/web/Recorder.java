package io.bussdcc.web;

import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A sink that keeps every event and lets a test wait for one. */
final class Recorder implements EventSink {

    private final List<Event<?>> events = new ArrayList<>();

    @Override
    public synchronized void handle(Event<?> event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<Message> payloads() {
        return events.stream().<Message>map(Event::payload).toList();
    }

    synchronized <M extends Message> List<M> payloads(Class<M> type) {
        return events.stream().map(Event::payload).filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits up to {@code timeout} for a payload of {@code type} matching {@code test}. */
    synchronized <M extends Message> M await(Class<M> type, Predicate<M> test, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Event<?> e : events) {
                if (type.isInstance(e.payload()) && test.test(type.cast(e.payload()))) {
                    return type.cast(e.payload());
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + type.getSimpleName() + " as expected within " + timeout
                        + "; saw " + payloads());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
