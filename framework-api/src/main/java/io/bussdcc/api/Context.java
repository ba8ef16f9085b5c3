package io.bussdcc.api;

import java.util.List;
import java.util.Optional;

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
}
