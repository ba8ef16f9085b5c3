package io.bussdcc.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a component sees of the runtime it runs in: time, state, the bus, services and devices.
 * Handed to processes, services, sinks and devices; safe to use from any thread.
 */
public interface Context {

    /** The runtime's clock: live wall time, or the recording's time during a replay. */
    Clock clock();

    /** The runtime's state store. */
    StateStore state();

    /** The runtime's configuration (empty unless the runtime was given one). */
    Config config();

    /** The message types this runtime can name and read back. */
    MessageTypeRegistry messageTypes();

    /** Whether this runtime is live or replaying a recording. */
    RuntimeMode mode();

    /** The framework version. */
    String version();

    /**
     * Emits {@code message} stamped with {@code clock().now()}. Returns once every handler has
     * seen it — or at once when called from inside a handler, in which case it is delivered
     * right after the current event (breadth-first). After shutdown it is dropped.
     */
    void emit(Message message);

    /**
     * Subscribes to events whose payload is an instance of {@code type}. A subscription taken
     * through a component's context ends when that component stops.
     */
    <M extends Message> Subscription subscribe(Class<M> type, EventHandler<M> handler);

    /** Run-time control of the supervised services. */
    ServiceControl services();

    /** Every device, in registration order. */
    List<DeviceInfo> devices();

    /**
     * The device with id {@code id}, as a {@code type} — connected or not (ask the device, or
     * {@link #devices()}); empty if no device has that id.
     *
     * @throws IllegalArgumentException if the device with that id is not a {@code type}
     */
    <D> Optional<D> device(String id, Class<D> type);

    /**
     * Adds a device; once the runtime has booted it is connected at once, as at boot
     * ({@code DeviceAttached} and {@code DeviceOnline}, or {@code DeviceFailed}) — hot-plug.
     *
     * @throws IllegalArgumentException if a device with its id is already added
     * @throws IllegalStateException    if the runtime is shutting down or has shut down
     */
    void attachDevice(Device device);

    /**
     * Disconnects the device with id {@code id} ({@code DeviceOffline} if it was online, then
     * {@code DeviceDetached}) and removes it.
     *
     * @return whether there was such a device
     */
    boolean detachDevice(String id);

    /**
     * Asks the runtime to shut down with {@code reason} and returns without waiting for it, so
     * it is safe from any thread, including a handler or a service. In a replay the shutdown
     * comes after the current event or service step.
     */
    void requestShutdown(String reason);

    /**
     * Records that this run has failed — recorded events were lost, a type cannot be recorded —
     * so that its outcome tells the truth: the runtime lists {@code reason} among its failures
     * and {@code bussdcc run} exits with status 1 (docs/cli.md). The runtime goes on; to stop it
     * because of the failure, also call {@link #requestShutdown}. Safe from any thread, at any
     * time, also while the runtime shuts down.
     */
    void reportFailure(String reason);

    /**
     * The health of the components that report one (today the sinks, {@link EventSink#health()}),
     * keyed by kind and name ({@code sink.jsonl}), in registration order.
     */
    Map<String, Health> health();

    /**
     * How many events this runtime has dispatched since it booted, per type and severity —
     * current to the last event each emitting thread delivered; the same counts reach state
     * under {@code runtime_info} (README, "State"). Empty for a context of no runtime.
     */
    default EventCounts eventCounts() {
        return EventCounts.none();
    }

    /**
     * The one object of {@code type} that this runtime's components share — a database, a
     * client of some server — made by {@code create} when a component first asks; every later
     * call, from any component or thread, returns that object (the {@code create} it passes is
     * not called). This is how a plugin hands a facility to processes, services and web routes
     * without this module knowing it (e.g. {@code Database.of(ctx)} of {@code io.bussdcc.sql}).
     * If {@code create} throws, nothing is kept and the exception reaches the caller. Shared
     * objects that are {@link AutoCloseable} are closed when the runtime has shut down, the
     * last made first.
     *
     * @throws IllegalStateException if the runtime has shut down, or {@code create} asks for
     *                               the same type again
     * @throws UnsupportedOperationException if this context belongs to no runtime that shares
     */
    default <T> T shared(Class<T> type, Function<? super Context, ? extends T> create) {
        throw new UnsupportedOperationException(getClass().getName() + " shares no objects between components");
    }

    /**
     * The recording this context replays under a viewer's control ({@code bussdcc replay --web}),
     * through which the viewer plays, pauses, steps and seeks; empty in a live runtime and a plain
     * replay. See {@link Timeline}.
     */
    default Optional<Timeline> timeline() {
        return Optional.empty();
    }
}
