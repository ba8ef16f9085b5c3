package io.bussdcc.api;

/**
 * A device as the runtime sees it.
 *
 * @param id        the device id
 * @param kind      the device kind
 * @param online    whether it is online
 * @param lastError the last connect failure or offline reason, or {@code null}
 */
public record DeviceInfo(String id, String kind, boolean online, String lastError) {}
