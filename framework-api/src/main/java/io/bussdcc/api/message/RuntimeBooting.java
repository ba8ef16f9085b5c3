package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** The runtime begins to boot; sinks are already started. */
@MessageType("bussdcc.message.runtime:RuntimeBooting")
public record RuntimeBooting(String version) implements Message {}
