package io.bussdcc.api;

/**
 * A piece of hardware or an external resource with an honest online/offline state.
 *
 * <p>At boot (or when attached later, {@link Context#attachDevice}) the runtime calls {@link #connect}; success emits
 * {@link io.bussdcc.api.message.DeviceAttached} and {@link io.bussdcc.api.message.DeviceOnline},
 * failure emits {@link io.bussdcc.api.message.DeviceFailed} and leaves the device offline
 * without failing the boot. At shutdown (or {@link Context#detachDevice}) it calls {@link #disconnect}. While attached, the
 * device reports changes through its {@link DeviceContext}.
 */
public interface Device {

    /** What sort of device this is, e.g. {@code "thermometer"}. */
    String kind();

    /** This device's unique id, e.g. {@code "thermo-1"}. */
    String id();

    /** Opens the hardware or resource. Keep {@code ctx} to report online/offline later. */
    void connect(DeviceContext ctx) throws Exception;

    /** Closes the hardware or resource. */
    default void disconnect(DeviceContext ctx) throws Exception {}
}
