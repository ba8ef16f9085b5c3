package io.bussdcc.api;

/** The context a {@link Device} is attached with: the runtime's context plus its own status. */
public interface DeviceContext extends Context {

    /** Marks the device online; emits {@code DeviceOnline} if it was offline. */
    void reportOnline();

    /** Marks the device offline; emits {@code DeviceOffline(error)} if it was online. */
    void reportOffline(String error);

    /** Whether the device is online now. */
    boolean online();
}
