package io.bussdcc.web;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A process that keeps the messages of one type it sees. */
final class NoteCollector<M extends Message> implements Process {

    private final Class<M> type;
    private final LinkedBlockingQueue<M> seen = new LinkedBlockingQueue<>();

    NoteCollector(Class<M> type) {
        this.type = type;
    }

    @Override
    public String name() {
        return "collector-" + type.getSimpleName();
    }

    @Override
    public void handle(Context ctx, Event<?> event) {
        if (type.isInstance(event.payload())) {
            seen.add(type.cast(event.payload()));
        }
    }

    /** The next one seen, waiting up to 5 s. */
    M next() throws InterruptedException {
        M m = seen.poll(5, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no " + type.getSimpleName() + " reached the process within 5 s");
        }
        return m;
    }

    boolean isEmpty() {
        return seen.isEmpty();
    }
}
