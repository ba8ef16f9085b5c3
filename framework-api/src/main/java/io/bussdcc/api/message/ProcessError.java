package io.bussdcc.api.message;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.Severity;

/** A process (or interface) threw; {@code evt} is the event it was handling, or null. */
@MessageType("bussdcc.message.process:ProcessError")
public record ProcessError(String process, String error, Event<?> evt, String traceback) implements Message {

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }
}
