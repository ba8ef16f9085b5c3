package io.bussdcc.api;

import java.util.List;

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

    /** Subscribes to events whose payload is an instance of {@code type}. */
    <M extends Message> Subscription subscribe(Class<M> type, EventHandler<M> handler);

    /** Run-time control of the supervised services. */
    ServiceControl services();

    /** Every device, in registration order. */
    List<DeviceInfo> devices();

    /**
     * Asks the runtime to shut down with {@code reason} and returns without waiting for it, so
     * it is safe from any thread, including a handler or a service. In a replay the shutdown
     * comes after the current event or service step.
     */
    void requestShutdown(String reason);
}
