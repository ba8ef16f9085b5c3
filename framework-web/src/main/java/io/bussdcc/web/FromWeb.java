package io.bussdcc.web;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/**
 * Where the message emitted right after it came from: a WebSocket client's {@code emit}. The
 * web interface emits this, then the client's message, on the same thread, so the log keeps
 * the origin of everything the web put on the bus (docs/web.md, "Origin of web emits").
 *
 * @param interfaceName the web interface that took the message
 * @param connection    the connection's number (as in {@code hello} and {@code /api/connections})
 * @param remote        the client's address and port, as the server saw them
 * @param type          the registered name of the message that follows
 */
@MessageType("bussdcc.web:FromWeb")
public record FromWeb(String interfaceName, long connection, String remote, String type) implements Message {}
