package io.bussdcc.api.message;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.Severity;

/** A device failed to connect or disconnect. */
@MessageType("bussdcc.message.device:DeviceFailed")
public record DeviceFailed(String device, String kind, String error, String traceback) implements Message {

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }
}
