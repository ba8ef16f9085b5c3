package io.bussdcc.api.message;

import io.bussdcc.api.Event;
import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.Severity;

/** A bus subscriber threw while handling {@code event}. */
@MessageType("bussdcc.message.system:EventSubscriberError")
public record EventSubscriberError(Event<?> event, String handler, String error, String traceback) implements Message {

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }
}
