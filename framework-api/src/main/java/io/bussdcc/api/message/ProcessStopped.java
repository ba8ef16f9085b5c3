package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A process stopped. */
@MessageType("bussdcc.message.process:ProcessStopped")
public record ProcessStopped(String process) implements Message {}
