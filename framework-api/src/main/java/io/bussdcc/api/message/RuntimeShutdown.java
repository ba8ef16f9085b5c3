package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** The runtime has shut down; the last event sinks receive. */
@MessageType("bussdcc.message.runtime:RuntimeShutdown")
public record RuntimeShutdown(String version) implements Message {}
