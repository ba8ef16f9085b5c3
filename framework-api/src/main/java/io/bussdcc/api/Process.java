package io.bussdcc.api;

/**
 * Synchronous event logic: sees every event, in order, on the emitting thread.
 *
 * <p>Added with {@code runtime.addProcess(...)}; an <em>interface</em> (web, command line,
 * network adapter) is a process added with {@code runtime.addInterface(...)}, started after
 * the processes and stopped before them. Names are unique within their role.
 *
 * <p>{@link #handle} may be called from several threads at once (every thread that emits):
 * keep it thread-safe, or keep its state in the {@link StateStore}. A process that throws from
 * {@code handle} produces an {@link io.bussdcc.api.message.ProcessError} and keeps receiving
 * events.
 */
public interface Process {

    /** The process's unique name, used in lifecycle messages. */
    String name();

    /** Called once at boot, before any event reaches {@link #handle}. Throwing fails the boot. */
    default void start(Context ctx) throws Exception {}

    /** Called for every event while the process runs. */
    default void handle(Context ctx, Event<?> event) throws Exception {}

    /** Called once at shutdown. Throwing is reported and does not stop the shutdown. */
    default void stop(Context ctx) throws Exception {}
}
