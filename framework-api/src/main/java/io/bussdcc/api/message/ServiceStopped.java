package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A service stopped. */
@MessageType("bussdcc.message.service:ServiceStopped")
public record ServiceStopped(String service) implements Message {}
