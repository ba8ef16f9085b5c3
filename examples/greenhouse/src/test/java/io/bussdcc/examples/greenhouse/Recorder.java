package io.bussdcc.examples.greenhouse;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A process that keeps every payload of the given type it sees. */
final class Recorder<M extends Message> implements Process {

    private final Class<M> type;
    private final List<M> seen = new CopyOnWriteArrayList<>();

    Recorder(Class<M> type) {
        this.type = type;
    }

    @Override
    public String name() {
        return "recorder-" + type.getSimpleName();
    }

    @Override
    public void handle(Context ctx, Event<?> event) {
        if (type.isInstance(event.payload())) {
            seen.add(type.cast(event.payload()));
        }
    }

    List<M> seen() {
        return List.copyOf(seen);
    }
}
