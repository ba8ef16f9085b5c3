package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.Severity;

/** A critical service failed: a failure of the whole system. */
@MessageType("bussdcc.message.service:ServiceFailure")
public record ServiceFailure(String service, String error, String traceback) implements Message {

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }
}
