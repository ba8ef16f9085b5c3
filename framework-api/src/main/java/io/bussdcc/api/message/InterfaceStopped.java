package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.WireName;

/** An interface stopped. */
@MessageType("bussdcc.message.interface:InterfaceStopped")
public record InterfaceStopped(@WireName("interface") String name) implements Message {}
