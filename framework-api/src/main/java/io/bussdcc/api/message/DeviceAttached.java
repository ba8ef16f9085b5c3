package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A device connected and is attached to the runtime. */
@MessageType("bussdcc.message.device:DeviceAttached")
public record DeviceAttached(String device, String kind) implements Message {}
