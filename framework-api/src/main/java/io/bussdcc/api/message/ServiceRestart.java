package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A failed service goes on after its back-off. */
@MessageType("bussdcc.message.service:ServiceRestart")
public record ServiceRestart(String service) implements Message {}
