package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A process started. */
@MessageType("bussdcc.message.process:ProcessStarted")
public record ProcessStarted(String process) implements Message {}
