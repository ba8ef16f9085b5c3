package io.bussdcc.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as it happened: the payload and the instant it was emitted (UTC, nanosecond
 * precision kept).
 *
 * <p>The runtime creates events when something is emitted; a replay re-creates them with their
 * recorded times. Events are immutable and safe to share between threads.
 *
 * @param time    when the message was emitted, by the runtime's {@link Clock}
 * @param payload the message
 * @param <M>     the message type
 */
public record Event<M extends Message>(Instant time, M payload) {

    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(payload, "payload");
    }

    /** Shorthand for {@code payload().severity()}. */
    public Severity severity() {
        return payload.severity();
    }
}
