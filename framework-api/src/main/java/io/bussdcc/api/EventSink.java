package io.bussdcc.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Receives every event the runtime dispatches, before processes do: logs, consoles, bridges.
 *
 * <p>Sinks start before the runtime emits {@code RuntimeBooting} and stop after it emits
 * {@code RuntimeShutdown}, so they see the whole lifecycle. {@link #handle} is called from every
 * emitting thread: it must be thread-safe. A sink that throws produces a
 * {@link io.bussdcc.api.message.SinkHandlerError} and keeps receiving events.
 */
public interface EventSink {

    /** A name for messages about this sink; the class's simple name unless overridden. */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }

    /** Opens what the sink writes to. Throwing fails the boot. */
    default void start(Context ctx) throws Exception {}

    /** Takes one event. */
    void handle(Event<?> event) throws Exception;

    /**
     * How the sink is doing: {@link Health#up()} unless overridden. A sink that cannot do its
     * work (a full disk, a lost connection) says DOWN with the reason and its counts; called
     * from any thread (e.g. for the web's {@code /api/health}), so it must be cheap.
     */
    default Health health() {
        return Health.up();
    }

    /** Flushes and closes. Events that arrive after this must be ignored, not fail. */
    default void stop() throws Exception {}

    /**
     * The files or directories this sink writes into, when it writes to the file system; empty
     * otherwise. A replay compares them with its sources' {@link EventSource#readsFrom()} and
     * refuses to write into the log it reads.
     */
    default List<Path> writesTo() {
        return List.of();
    }
}
