package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A device was detached from the runtime. */
@MessageType("bussdcc.message.device:DeviceDetached")
public record DeviceDetached(String device, String kind) implements Message {}
