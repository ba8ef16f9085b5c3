package io.bussdcc.testing;

import io.bussdcc.api.Context;
import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.Process;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process, named {@code recorder-<Type>}, that keeps every payload of one type it sees: all of
 * them in {@link #seen()}, and one by one, as they come, through {@link #next()}.
 */
public final class RecordingProcess<M extends Message> implements Process {

    private static final Duration NEXT = Duration.ofSeconds(5);

    private final Class<M> type;
    private final List<M> seen = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<M> unread = new LinkedBlockingQueue<>();

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
            M m = type.cast(event.payload());
            seen.add(m);
            unread.add(m);
        }
    }

    /** The payloads seen so far, in order. */
    public List<M> seen() {
        return List.copyOf(seen);
    }

    /** The next payload not yet returned by this method, waiting up to 5 s for it. */
    public M next() throws InterruptedException {
        M m = unread.poll(NEXT.toNanos(), TimeUnit.NANOSECONDS);
        if (m == null) {
            throw new AssertionError("no " + type.getSimpleName() + " reached the process within " + NEXT);
        }
        return m;
    }

    /** Whether every payload seen has been returned by {@link #next()}. */
    public boolean isEmpty() {
        return unread.isEmpty();
    }
}
