package io.bussdcc.testing;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.EventSink;
import io.bussdcc.api.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A sink that remembers what it saw, including when it was started and stopped, and lets a
 * test wait for an event.
 */
public final class RecordingSink implements EventSink {

    /** What {@link #log()} holds when the sink is started. */
    public static final String STARTED = "sink started";
    /** What {@link #log()} holds when the sink is stopped. */
    public static final String STOPPED = "sink stopped";

    private final List<Object> log = new ArrayList<>();

    @Override
    public synchronized void start(Context ctx) {
        log.add(STARTED);
    }

    @Override
    public synchronized void handle(Event<?> event) {
        log.add(event);
        notifyAll();
    }

    @Override
    public synchronized void stop() {
        log.add(STOPPED);
    }

    /** Everything seen, in order: the strings {@link #STARTED}/{@link #STOPPED} and events. */
    public synchronized List<Object> log() {
        return List.copyOf(log);
    }

    public synchronized List<Event<?>> events() {
        return log.stream().filter(o -> o instanceof Event<?>).<Event<?>>map(o -> (Event<?>) o).toList();
    }

    public synchronized List<Message> payloads() {
        return events().stream().<Message>map(Event::payload).toList();
    }

    public synchronized <M extends Message> List<M> payloads(Class<M> type) {
        return events().stream().map(Event::payload).filter(type::isInstance).map(type::cast).toList();
    }

    /** The simple class names of the payloads, in order. */
    public synchronized List<String> typeNames() {
        return events().stream().map(e -> e.payload().getClass().getSimpleName()).toList();
    }

    /** Waits up to {@code timeout} for a payload of {@code type} matching {@code test}; returns the first. */
    public synchronized <M extends Message> M await(Class<M> type, Predicate<M> test, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Message p : payloads()) {
                if (type.isInstance(p) && test.test(type.cast(p))) {
                    return type.cast(p);
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
