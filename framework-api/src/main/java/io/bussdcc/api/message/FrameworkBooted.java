package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;

/** Boot is complete: services have started. */
@MessageType("bussdcc_framework.message.framework:FrameworkBooted")
public record FrameworkBooted(String version) implements Message {}
