package io.bussdcc.web;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/**
 * A web interface is listening. Same name and fields as the Python original's, so logs of
 * either read back in both.
 *
 * @param host the host it listens on
 * @param port the port it listens on (the bound one, when port 0 was asked for)
 */
@MessageType("bussdcc_framework.message.web:WebInterfaceStarted")
public record WebInterfaceStarted(String host, int port) implements Message {}
