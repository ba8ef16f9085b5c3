package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** A POSIX signal with no built-in meaning arrived: {@code action} is {@code user1} or {@code user2}. */
@MessageType("bussdcc.message.system:SystemSignal")
public record SystemSignal(int signal, String action) implements Message {}
