package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** Shutdown was requested; the first event of a shutdown. {@code reason} may be null. */
@MessageType("bussdcc_framework.message.framework:FrameworkShuttingDown")
public record FrameworkShuttingDown(String version, String reason) implements Message {}
