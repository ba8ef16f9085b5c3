package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** The runtime begins to shut down. {@code reason} may be null. */
@MessageType("bussdcc.message.runtime:RuntimeShuttingDown")
public record RuntimeShuttingDown(String reason) implements Message {}
