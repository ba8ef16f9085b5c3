package io.bussdcc.testing;

import io.bussdcc.api.Message;
import io.bussdcc.api.MessageType;
import io.bussdcc.api.Severity;
import java.util.List;

/** Message types of the tests, registered under {@code test:…} names. */
public final class TestMessages {

    private TestMessages() {}

    /** A common supertype, for subscriptions by type. */
    public interface Animal extends Message {}

    @MessageType("test:Dog")
    public record Dog(int n) implements Animal {}

    @MessageType("test:Cat")
    public record Cat(int n) implements Animal {}

    @MessageType("test:Ping")
    public record Ping(long n) implements Message {}

    /** An informational note. */
    @MessageType("test:Note")
    public record Note(String text) implements Message {}

    /** A failure: severity {@code ERROR}. */
    @MessageType("test:Alarm")
    public record Alarm(String text) implements Message {
        @Override
        public Severity severity() {
            return Severity.ERROR;
        }
    }

    /** What browsers may send: allowed from the web in the tests. */
    @MessageType("test:SetLevel")
    public record SetLevel(String target, int level) implements Message {}

    /** Registered, but never allowed from the web. */
    @MessageType("test:Shutdown")
    public record Shutdown(String reason) implements Message {}

    /** A large event, to fill socket buffers. */
    @MessageType("test:Bulk")
    public record Bulk(long seq, String padding) implements Message {}

    /** The types the web tests register. */
    public static final List<Class<? extends Message>> WEB = List.of(Note.class, Alarm.class, SetLevel.class,
            Shutdown.class, Bulk.class);
}
