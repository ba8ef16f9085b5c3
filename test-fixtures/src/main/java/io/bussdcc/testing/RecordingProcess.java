package io.bussdcc.testing;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A process, named {@code recorder-<Type>}, that keeps every payload of one type it sees. */
public final class RecordingProcess<M extends Message> implements Process {

    private final Class<M> type;
    private final List<M> seen = new CopyOnWriteArrayList<>();

    public RecordingProcess(Class<M> type) {
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

    /** The payloads seen so far, in order. */
    public List<M> seen() {
        return List.copyOf(seen);
    }
}
