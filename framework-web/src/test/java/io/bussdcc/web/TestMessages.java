package io.bussdcc.web;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.MessageTypeRegistry;
import io.bussdcc.api.Severity;
import java.util.List;

/** Message types of the tests. */
public final class TestMessages {

    /** An informational note. */
    @MessageType("test.web:Note")
    public record Note(String text) implements Message {}

    /** A warning. */
    @MessageType("test.web:Alarm")
    public record Alarm(String text) implements Message {
        @Override
        public Severity severity() {
            return Severity.ERROR;
        }
    }

    /** What browsers may send: allowed from the web in the tests. */
    @MessageType("test.web:SetLevel")
    public record SetLevel(String target, int level) implements Message {}

    /** Registered, but never allowed from the web. */
    @MessageType("test.web:Shutdown")
    public record Shutdown(String reason) implements Message {}

    /** A large event, to fill socket buffers. */
    @MessageType("test.web:Bulk")
    public record Bulk(long seq, String padding) implements Message {}

    static final List<Class<? extends Message>> ALL = List.of(Note.class, Alarm.class, SetLevel.class, Shutdown.class,
            Bulk.class);

    static MessageTypeRegistry registry() {
        MessageTypeRegistry r = MessageTypeRegistry.withBuiltins();
        ALL.forEach(r::register);
        new io.bussdcc.web.internal.WebMessageTypes().registerTypes(r);
        return r;
    }

    private TestMessages() {}
}
