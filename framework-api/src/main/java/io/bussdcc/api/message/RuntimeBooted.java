package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** Devices, processes and interfaces are up; services start next. */
@MessageType("bussdcc.message.runtime:RuntimeBooted")
public record RuntimeBooted(String version) implements Message {}
