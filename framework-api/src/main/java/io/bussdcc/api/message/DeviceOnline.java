package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A device is online. */
@MessageType("bussdcc.message.device:DeviceOnline")
public record DeviceOnline(String device, String kind) implements Message {}
