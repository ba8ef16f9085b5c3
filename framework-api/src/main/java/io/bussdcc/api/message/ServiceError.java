package io.bussdcc.api.message;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.Severity;

/** A service's start, tick, stop or event handler threw; {@code evt} is the event it was handling, or null. */
@MessageType("bussdcc.message.service:ServiceError")
public record ServiceError(String service, String error, Event<?> evt, String traceback) implements Message {

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }
}
