package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.WireName;

/** An interface started. */
@MessageType("bussdcc.message.interface:InterfaceStarted")
public record InterfaceStarted(@WireName("interface") String name) implements Message {}
