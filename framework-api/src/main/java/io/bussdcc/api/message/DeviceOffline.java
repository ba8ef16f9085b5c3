package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A device went offline; {@code error} says why, or is null for an orderly detach. */
@MessageType("bussdcc.message.device:DeviceOffline")
public record DeviceOffline(String device, String kind, String error) implements Message {}
