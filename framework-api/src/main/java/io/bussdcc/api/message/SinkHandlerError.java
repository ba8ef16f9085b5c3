package io.bussdcc.api.message;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.Severity;

/** A sink threw while handling {@code evt}. */
@MessageType("bussdcc_framework.message.sink:SinkHandlerError")
public record SinkHandlerError(String sink, String error, Event<?> evt, String traceback) implements Message {

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }
}
