package io.bussdcc.kafka;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;

/** The test's application event. */
@MessageType("test.kafka:Reading")
public record Reading(String device, long seq, double value, String note) implements Message {

    static MessageTypeRegistry registry() {
        MessageTypeRegistry r = MessageTypeRegistry.withBuiltins();
        r.register(Reading.class);
        return r;
    }
}
