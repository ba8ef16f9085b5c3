package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A service started. */
@MessageType("bussdcc.message.service:ServiceStarted")
public record ServiceStarted(String service) implements Message {}
