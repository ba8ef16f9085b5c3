package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A reload was requested (SIGHUP). */
@MessageType("bussdcc.message.system:SystemReload")
public record SystemReload() implements Message {}
